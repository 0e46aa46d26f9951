package dev.listbridge.reliability;

/**
 * How big this run of the proof is: small in the normal build, full under {@code -Preliability} (the
 * module's pom sets these system properties).
 */
public final class Sizes {
    private Sizes() {
    }

    /** Randomized histories to run. */
    public static int histories() {
        return Integer.getInteger("reliability.histories", 60);
    }

    /** SIGKILLs of a separate {@code listbridge sync} process. */
    public static int kills() {
        return Integer.getInteger("reliability.kills", 4);
    }

    /** SIGKILLs of a separate {@code listbridge run} process (the daemon). */
    public static int daemonKills() {
        return Integer.getInteger("reliability.daemonKills", 2);
    }

    /** Broken config files to try. */
    public static int configInputs() {
        return Integer.getInteger("reliability.configInputs", 400);
    }

    /** Bad webhook requests to send to the daemon. */
    public static int webhookInputs() {
        return Integer.getInteger("reliability.webhookInputs", 300);
    }

    /** Rounds of generated CRM rows with edge-case addresses (about 60 rows each). */
    public static int crmRounds() {
        return Integer.getInteger("reliability.crmRounds", 4);
    }

    /** The first seed; 0 means one derived from the time, printed so that a run can be repeated. */
    public static long seed() {
        long seed = Long.getLong("reliability.seed", 0L);
        return seed != 0 ? seed : System.nanoTime() & 0xffff_ffffL;
    }
}
