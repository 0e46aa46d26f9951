package dev.listbridge.engine.internal;

import java.math.BigInteger;
import java.util.Comparator;

/** Orders CRM keys numerically when both are numbers, else as text: "9" is lower than "10". */
enum KeyOrder implements Comparator<String> {
    INSTANCE;

    @Override
    public int compare(String a, String b) {
        if (isNumber(a) && isNumber(b)) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 40 && s.chars().allMatch(Character::isDigit);
    }
}
