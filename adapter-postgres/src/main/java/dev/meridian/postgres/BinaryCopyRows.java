package dev.meridian.postgres;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteConverter;

/**
 * Rows for {@code COPY … FROM STDIN (FORMAT binary)}: each value in the binary form its column type receives, so
 * PostgreSQL parses no text (no timestamps, numbers or arrays) and the JVM formats none. The bulk import's way into
 * the {@code events} and {@code visitors} tables; the format is PostgreSQL's "Binary Format" of COPY (signature,
 * flags, header extension; per row the column count, then per value its length, -1 for null, and its bytes).
 *
 * <p>Values must be written in the order of the columns named to {@link #copyInto}, one call per column per row.
 */
final class BinaryCopyRows {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, // flags: no OIDs
        0, 0, 0, 0}; // no header extension
    /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private final int columns;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int rows;

    BinaryCopyRows(int columns) {
        this.columns = columns;
        write(HEADER, 0, HEADER.length);
    }

    int rows() {
        return rows;
    }

    /** Starts a row: exactly as many values as columns follow. */
    BinaryCopyRows row() {
        ensure(2);
        ByteConverter.int2(buffer, length, columns);
        length += 2;
        rows++;
        return this;
    }

    BinaryCopyRows text(String value) {
        if (value == null) {
            return nullValue();
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        lengthOf(bytes.length);
        write(bytes, 0, bytes.length);
        return this;
    }

    /** A {@code json} value: its binary form is the text. */
    BinaryCopyRows json(String value) {
        return text(value);
    }

    BinaryCopyRows int4(int value) {
        lengthOf(4);
        ensure(4);
        ByteConverter.int4(buffer, length, value);
        length += 4;
        return this;
    }

    BinaryCopyRows float8(Double value) {
        if (value == null) {
            return nullValue();
        }
        lengthOf(8);
        ensure(8);
        ByteConverter.float8(buffer, length, value);
        length += 8;
        return this;
    }

    BinaryCopyRows bool(boolean value) {
        lengthOf(1);
        ensure(1);
        buffer[length++] = (byte) (value ? 1 : 0);
        return this;
    }

    /** A {@code timestamptz}, exact to the microsecond ({@link VisitorRows#microsSinceEpoch}). */
    BinaryCopyRows timestamptz(Instant value) {
        if (value == null) {
            return nullValue();
        }
        lengthOf(8);
        ensure(8);
        ByteConverter.int8(buffer, length, VisitorRows.microsSinceEpoch(value) - POSTGRES_EPOCH_MICROS);
        length += 8;
        return this;
    }

    /** A {@code numeric}, in pgjdbc's encoding of its binary form. */
    BinaryCopyRows numeric(BigDecimal value) {
        if (value == null) {
            return nullValue();
        }
        byte[] bytes = ByteConverter.numeric(value);
        lengthOf(bytes.length);
        write(bytes, 0, bytes.length);
        return this;
    }

    /**
     * Sends the rows to {@code table (columns)} with one COPY on {@code c} (within its transaction).
     *
     * @return the number of rows PostgreSQL stored
     */
    long copyInto(Connection c, String table, List<String> columnNames) throws SQLException {
        if (columnNames.size() != columns) {
            throw new IllegalArgumentException(columnNames.size() + " column names for rows of " + columns);
        }
        byte[] trailer = new byte[2];
        ByteConverter.int2(trailer, 0, -1);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (" + String.join(", ", columnNames) + ") from stdin (format binary)");
        try {
            copy.writeToCopy(buffer, 0, length);
            copy.writeToCopy(trailer, 0, trailer.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private BinaryCopyRows nullValue() {
        lengthOf(-1);
        return this;
    }

    private void lengthOf(int bytes) {
        ensure(4);
        ByteConverter.int4(buffer, length, bytes);
        length += 4;
    }

    private void write(byte[] bytes, int offset, int count) {
        ensure(count);
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
