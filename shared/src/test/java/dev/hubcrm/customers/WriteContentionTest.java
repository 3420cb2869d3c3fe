package dev.hubcrm.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hubcrm.common.ContentionException;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.support.LocalDynamo;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes that keep losing races on DynamoDB Local (another write lands inside every attempt): they
 * end in a {@link ContentionException} (503), never in the If-Match mismatch (412) the caller did not ask about.
 */
class WriteContentionTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();

    private CustomerFixture f;
    private String hub;

    @BeforeEach
    void freshHub() {
        f = new CustomerFixture(dynamo);
        hub = f.newHub();
    }

    @Test
    void aCustomerUpdateThatKeepsLosingIsContentionNotAPreconditionFailure() {
        Customer ann = f.create(hub, Drafts.person().firstName("Ann").email("ann@example.com"));

        Throwable thrown = catchThrowable(() -> f.customers.update(hub, ann.id(), current -> {
            f.customers.update(hub, ann.id(), Customer::draft, ExpectedVersion.ANY, StatusChange.MANUAL);
            return current.draft();
        }, ExpectedVersion.ANY, StatusChange.MANUAL));

        assertThat(thrown).isNotInstanceOf(PreconditionFailedException.class).isInstanceOf(ContentionException.class);
        assertThat(f.customers.get(hub, ann.id()).version()).as("every competing write landed").isGreaterThan(2);
    }

    @Test
    void aHubUpdateThatKeepsLosingIsContentionNotAPreconditionFailure() {
        long before = f.hubs.get(hub).version();

        Throwable thrown = catchThrowable(() -> f.hubs.update(hub, settings -> {
            f.hubs.update(hub, UnaryOperator.identity());
            return settings;
        }));

        assertThat(thrown).isNotInstanceOf(PreconditionFailedException.class).isInstanceOf(ContentionException.class);
        Hub after = f.hubs.get(hub);
        assertThat(after.version()).as("every competing write landed").isGreaterThan(before + 1);
    }
}
