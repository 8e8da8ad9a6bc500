package dev.snapshift.api;

/**
 * Ready-to-run statements that start replication on the target from the snapshot's coordinates.
 * Passwords are placeholders: the report never holds one.
 */
public final class ReplicationCommands {
    private ReplicationCommands() {}

    /** MySQL 8.0.23 and later. */
    public static String changeReplicationSource(BinlogCoordinates c, ConnectionSpec source) {
        return "CHANGE REPLICATION SOURCE TO SOURCE_HOST='"
                + esc(source.host())
                + "', SOURCE_PORT="
                + source.port()
                + ", SOURCE_USER='<replication user>', SOURCE_PASSWORD='<password>', SOURCE_LOG_FILE='"
                + esc(c.file())
                + "', SOURCE_LOG_POS="
                + c.position()
                + "; START REPLICA;";
    }

    /** MySQL before 8.0.23, and MariaDB. */
    public static String changeMaster(BinlogCoordinates c, ConnectionSpec source) {
        return "CHANGE MASTER TO MASTER_HOST='"
                + esc(source.host())
                + "', MASTER_PORT="
                + source.port()
                + ", MASTER_USER='<replication user>', MASTER_PASSWORD='<password>', MASTER_LOG_FILE='"
                + esc(c.file())
                + "', MASTER_LOG_POS="
                + c.position()
                + "; START SLAVE;";
    }

    /** Azure Database for MySQL (data-in replication). */
    public static String azureChangeMaster(BinlogCoordinates c, ConnectionSpec source) {
        return "CALL mysql.az_replication_change_master('"
                + esc(source.host())
                + "', '<replication user>', '<password>', "
                + source.port()
                + ", '"
                + esc(c.file())
                + "', "
                + c.position()
                + ", ''); CALL mysql.az_replication_start;";
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("'", "''");
    }
}
