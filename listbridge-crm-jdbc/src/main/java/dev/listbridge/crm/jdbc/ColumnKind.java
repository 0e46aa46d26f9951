package dev.listbridge.crm.jdbc;

import java.sql.Types;
import java.util.Locale;

/**
 * How Listbridge reads a column, from its JDBC type and the database's type name. Public for the
 * change capture package of this module, not an API.
 */
public enum ColumnKind {
    DATE, TIME, TIME_TZ, TIMESTAMP, TIMESTAMP_TZ, TEXT, NUMBER, OTHER;

    /** SQL Server's DATETIMEOFFSET (microsoft.sql.Types.DATETIMEOFFSET). */
    private static final int SQLSERVER_DATETIMEOFFSET = -155;

    public static ColumnKind of(int sqlType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return switch (sqlType) {
            case Types.DATE -> DATE;
            case Types.TIME -> name.equals("timetz") || name.contains("with time zone") ? TIME_TZ : TIME;
            case Types.TIME_WITH_TIMEZONE -> TIME_TZ;
            case Types.TIMESTAMP -> name.equals("timestamptz") || name.contains("with time zone") ? TIMESTAMP_TZ : TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE, SQLSERVER_DATETIMEOFFSET -> TIMESTAMP_TZ;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> TEXT;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL,
                 Types.REAL, Types.FLOAT, Types.DOUBLE -> NUMBER;
            default -> OTHER;
        };
    }

    public boolean isTemporal() {
        return this == DATE || this == TIME || this == TIME_TZ || this == TIMESTAMP || this == TIMESTAMP_TZ;
    }
}
