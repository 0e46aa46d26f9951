package dev.listbridge.engine;

/** Receives progress of long phases (reading the CRM, pushing), for output on long work. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (phase, done) -> { };

    /** Called every few thousand items and at the end of a phase. */
    void update(String phase, long done);
}
