package dev.snapshift.api;

/** Status of a migration, a database or a table, as users see it. */
public enum Status {
    QUEUED("Queued"),
    IN_PROGRESS("In progress"),
    RETRYING("Retrying"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    SKIPPED("Skipped");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == SKIPPED;
    }
}
