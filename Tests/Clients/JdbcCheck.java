// Drives a server with the PostgreSQL JDBC driver: connects, reads rows
// through plain and prepared statements (server-side prepared, and so in
// binary, after the driver's prepare threshold), fetches in batches from a
// portal, reads errors' SQLSTATEs and runs a transaction. Prints one line per
// check; the caller compares the output with what PostgreSQL 15 printed.
//
// Usage: javac -d OUT JdbcCheck.java
//        java -cp OUT:/usr/share/java/postgresql.jar JdbcCheck JDBC-URL

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class JdbcCheck {
    public static void main(String[] args) throws SQLException {
        try (Connection conn = DriverManager.getConnection(args[0])) {
            System.out.println("product " + conn.getMetaData().getDatabaseProductName()
                + " " + conn.getMetaData().getDatabaseMajorVersion());
            try (Statement st = conn.createStatement()) {
                st.execute("create table orders (id int primary key, customer text,"
                    + " total numeric(12,2), placed timestamptz, qty int[], ok bool)");
                System.out.println("create " + st.getUpdateCount());
            }
            insertRows(conn);
            readRows(conn);
            preparedRepeatedly(conn);
            fetchInBatches(conn);
            errors(conn);
            transaction(conn);
        }
    }

    /// A batch of parameterised INSERTs.
    private static void insertRows(Connection conn) throws SQLException {
        String sql = "insert into orders values (?, ?, ?, ?::timestamptz, ?, ?)";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 1; i <= 12; i++) {
                ps.setInt(1, i);
                ps.setString(2, i % 3 == 0 ? null : "customer " + (i % 4));
                ps.setBigDecimal(3, new BigDecimal(i).multiply(new BigDecimal("10.05")));
                ps.setString(4, "2024-03-" + String.format("%02d", i) + " 08:15:00+00");
                ps.setArray(5, conn.createArrayOf("int4", new Integer[] {i, i * 2}));
                ps.setBoolean(6, i % 2 == 0);
                ps.addBatch();
            }
            System.out.println("batch " + Arrays.toString(ps.executeBatch()));
        }
    }

    /// Column metadata and each getter over a plain query.
    private static void readRows(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(
                    "select id, customer, total, placed, qty, ok from orders"
                        + " where id <= 3 order by id")) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int c = 1; c <= md.getColumnCount(); c++) {
                columns.add(md.getColumnName(c) + ":" + md.getColumnTypeName(c));
            }
            System.out.println("columns " + columns);
            while (rs.next()) {
                Array qty = rs.getArray(5);
                System.out.println("row " + rs.getInt(1) + " " + rs.getString(2) + " "
                    + rs.getBigDecimal(3) + " " + rs.getTimestamp(4).toInstant() + " "
                    + Arrays.toString((Integer[]) qty.getArray()) + " " + rs.getBoolean(6));
            }
        }
    }

    /// The same statement seven times: the driver moves to a named
    /// server-side statement and binary results on the fifth.
    private static void preparedRepeatedly(Connection conn) throws SQLException {
        String sql = "select count(*), sum(total), max(placed) from orders where id > ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < 7; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    System.out.println("prepared " + i + " " + rs.getLong(1) + " "
                        + rs.getBigDecimal(2) + " " + rs.getTimestamp(3).toInstant());
                }
            }
        }
    }

    /// Rows fetched four at a time from a portal (needs a transaction).
    private static void fetchInBatches(Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement(
                "select id, customer from orders order by id")) {
            ps.setFetchSize(4);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + "=" + rs.getString(2));
                }
            }
            System.out.println("fetched " + rows);
        }
        conn.commit();
        conn.setAutoCommit(true);
    }

    /// SQLSTATEs and messages of failing statements.
    private static void errors(Connection conn) throws SQLException {
        String[] statements = {
            "select 1/0",
            "insert into orders (id) values (1)",
            "select nosuch from orders",
        };
        for (String sql : statements) {
            try (Statement st = conn.createStatement()) {
                st.executeQuery(sql);
            } catch (SQLException error) {
                System.out.println("error " + error.getSQLState() + " "
                    + error.getMessage().split("\n")[0]);
            }
        }
    }

    /// An UPDATE rolled back and one committed.
    private static void transaction(Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            System.out.println("update " + st.executeUpdate("update orders set ok = not ok"));
            conn.rollback();
            st.executeUpdate("update orders set customer = 'vip' where id = 5");
            conn.commit();
        }
        conn.setAutoCommit(true);
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(
                    "select count(*) filter (where ok), string_agg(customer, ',' order by id)"
                        + " from orders")) {
            rs.next();
            System.out.println("after " + rs.getLong(1) + " " + rs.getString(2));
        }
    }
}
