package dev.listbridge.mailchimp.internal;

import dev.listbridge.spi.Address;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Mailchimp's member key: the MD5 of the lowercased address, in hex. */
public final class SubscriberHash {
    private SubscriberHash() {
    }

    public static String of(Address address) {
        return of(address.ascii());
    }

    public static String of(String address) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
