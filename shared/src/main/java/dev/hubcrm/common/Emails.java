package dev.hubcrm.common;

import java.util.regex.Pattern;

/** What hubcrm accepts as an email address: one @, a dotted domain, no spaces or quoting. */
public final class Emails {
    public static final int MAX_LENGTH = 254;
    private static final String ATOM = "[^@\\s\"(),:;<>\\[\\\\\\]]";
    private static final Pattern ADDRESS = Pattern.compile(ATOM + "+@" + ATOM + "+\\.[^@\\s\"(),:;<>\\[\\\\\\].]{2,}");

    private Emails() {
    }

    public static boolean isValid(String address) {
        return address.length() <= MAX_LENGTH && !Text.hasControlCharacters(address) && ADDRESS.matcher(address).matches();
    }
}
