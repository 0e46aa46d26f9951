package dev.listbridge.crm.jdbc;

import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RejectReason;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The SQL type of the contacts query's key column, so that {@code :key} is bound as what it is: an
 * INTEGER id as a number (PostgreSQL will not compare an integer with a varchar), a VARCHAR customer
 * number "10023" as text (so that "010023" stays distinct and indexes are used). Public for the
 * change capture package of this module, not an API.
 */
public record KeyType(int sqlType, String typeName) {

    /**
     * Whether {@code key} can be bound to this type: a key that is no number for a numeric column
     * can match no row, so a read by keys leaves it out instead of failing.
     */
    public boolean canBind(String key) {
        try {
            switch (sqlType) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                    return new BigDecimal(key.strip()).stripTrailingZeros().scale() <= 0;
                }
                case Types.NUMERIC, Types.DECIMAL -> new BigDecimal(key.strip());
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Binds {@code key} as this type.
     *
     * @throws RecordRejectedException when the key is no number but the column is numeric
     */
    public void bind(PreparedStatement statement, int index, String key, Dialect dialect) throws SQLException {
        try {
            switch (sqlType) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> bindInteger(statement, index, key.strip());
                case Types.NUMERIC, Types.DECIMAL -> statement.setBigDecimal(index, new BigDecimal(key.strip()));
                case Types.OTHER -> {
                    if (dialect == Dialect.POSTGRESQL) {
                        // uuid and other types: let the server infer the type from the statement
                        statement.setObject(index, key, Types.OTHER);
                    } else {
                        statement.setString(index, key);
                    }
                }
                default -> statement.setString(index, key);
            }
        } catch (NumberFormatException e) {
            throw new RecordRejectedException(RejectReason.OTHER,
                    "CRM key '" + key + "' is no number, but the key column is " + typeName);
        }
    }

    /** An int where the column is no BIGINT and the value fits, else a long; unsigned BIGINTs beyond that as decimals. */
    private void bindInteger(PreparedStatement statement, int index, String key) throws SQLException {
        BigDecimal value = new BigDecimal(key);
        if (value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
            throw new NumberFormatException(key);
        }
        long asLong;
        try {
            asLong = value.longValueExact();
        } catch (ArithmeticException tooLarge) {
            statement.setBigDecimal(index, value);
            return;
        }
        if (sqlType != Types.BIGINT && asLong >= Integer.MIN_VALUE && asLong <= Integer.MAX_VALUE) {
            statement.setInt(index, (int) asLong);
        } else {
            statement.setLong(index, asLong);
        }
    }
}
