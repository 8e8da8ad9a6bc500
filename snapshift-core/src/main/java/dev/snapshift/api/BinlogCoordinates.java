package dev.snapshift.api;

/**
 * The source's binary log position of the snapshot: replication or CDC started here sees every
 * change after it and none before. {@code gtidSet} is MySQL's {@code gtid_executed} or MariaDB's
 * {@code gtid_binlog_pos}; empty when GTIDs are off.
 */
public record BinlogCoordinates(String file, long position, String gtidSet) {
    @Override
    public String toString() {
        return file
                + ":"
                + position
                + (gtidSet == null || gtidSet.isEmpty() ? "" : " gtid " + gtidSet);
    }
}
