package dev.hubcrm.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The window arithmetic: which window an instant falls in, and how long until it ends. */
class QuotaTest {
    private final Quota hourly = new Quota("imports", 20, Duration.ofHours(1));

    @Test
    void windowsAreAlignedToTheEpochSoEveryInstanceAgrees() {
        Quota.Window window = hourly.windowAt(Instant.parse("2026-12-03T10:17:30Z"));

        assertThat(window.end()).isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
        assertThat(window.index()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z").getEpochSecond() / 3600);
        assertThat(hourly.windowAt(Instant.parse("2026-12-03T10:00:00Z"))).as("the first instant of a window").isEqualTo(window);
        assertThat(hourly.windowAt(Instant.parse("2026-12-03T10:59:59.999Z"))).as("its last instant").isEqualTo(window);
        assertThat(hourly.windowAt(Instant.parse("2026-12-03T11:00:00Z")).index()).as("the next one").isEqualTo(window.index() + 1);
    }

    @Test
    void retryAfterIsTheWholeSecondsLeftRoundedUpAndNeverZero() {
        Quota.Window window = hourly.windowAt(Instant.parse("2026-12-03T10:17:30Z"));

        assertThat(window.secondsLeft(Instant.parse("2026-12-03T10:17:30Z"))).isEqualTo(42 * 60 + 30);
        assertThat(window.secondsLeft(Instant.parse("2026-12-03T10:59:58.001Z"))).isEqualTo(2);
        assertThat(window.secondsLeft(Instant.parse("2026-12-03T10:59:59.999Z"))).as("a millisecond left").isEqualTo(1);
    }

    @Test
    void tenMinuteWindowsStartOnTheTenMinutes() {
        Quota portal = new Quota("portal-top-ups", 5, Duration.ofMinutes(10));

        assertThat(portal.windowAt(Instant.parse("2026-12-03T10:17:30Z")).end()).isEqualTo(Instant.parse("2026-12-03T10:20:00Z"));
        assertThat(portal.windowAt(Instant.parse("1969-12-31T23:55:00Z")).end()).as("before the epoch too")
                .isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
    }

    @Test
    void aQuotaAllowsAtLeastOneUseInAWindowOfAtLeastASecondAndItsNameCannotBreakTheKey() {
        assertThatThrownBy(() -> new Quota("x", 0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quota("x", 1, Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quota("a#b", 1, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRefusalSaysTheLimitInWords() {
        assertThat(new QuotaExceededException(Quota.SEGMENT_PREVIEWS, 12).getMessage())
                .isEqualTo("at most 60 segment-previews per minute; retry in 12 s");
        assertThat(new QuotaExceededException(Quota.PORTAL_TOP_UPS, 300).getMessage())
                .isEqualTo("at most 5 portal-top-ups per 10 minutes; retry in 300 s");
    }
}
