package dev.hubcrm.hubs;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The hub's own sender, an SES identity: an address or a whole domain, its verification status as
 * last read from SES, and the DKIM tokens whose CNAME records the hub publishes.
 *
 * @param statusChangedAt when hubcrm first saw the current status (set, or read from SES)
 */
public record SenderIdentity(Kind kind, String name, Status status, List<String> dkimTokens, Instant statusChangedAt) {

    public enum Kind {
        EMAIL, DOMAIN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** SES's verification status; only {@link #VERIFIED} lets mail go out from the identity. */
    public enum Status {
        PENDING, VERIFIED, FAILED, TEMPORARY_FAILURE, NOT_STARTED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Status fromWire(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public SenderIdentity {
        dkimTokens = List.copyOf(dkimTokens);
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }

    /** The domain the DKIM records are published in: the identity itself, or the address's domain. */
    public String domain() {
        return kind == Kind.DOMAIN ? name : name.substring(name.lastIndexOf('@') + 1);
    }

    /** The identity as SES now shows it; {@code statusChangedAt} moves only when the status does. */
    public SenderIdentity as(Status current, List<String> currentTokens, Instant now) {
        return new SenderIdentity(kind, name, current, currentTokens, current == status ? statusChangedAt : now);
    }
}
