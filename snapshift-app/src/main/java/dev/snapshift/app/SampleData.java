package dev.snapshift.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's sample shop: customers, products, orders and order lines, a few hundred thousand rows,
 * generated on the server itself (a cross join of digits, so it works on MySQL 5.7, 8.0 and MariaDB
 * alike).
 */
final class SampleData {
    private SampleData() {}

    static void createShop(Connection root, String db, int orders) throws SQLException {
        try (Statement st = root.createStatement()) {
            st.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4");
            st.execute("USE `" + db + "`");
            st.execute("CREATE TABLE digits (d INT PRIMARY KEY)");
            st.execute("INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
            st.execute("CREATE TABLE seq (n INT PRIMARY KEY)");
            st.execute(
                    "INSERT INTO seq SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d"
                            + " FROM digits a, digits b, digits c, digits e, digits f, digits g");
            st.execute(
                    "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(150),"
                            + " country CHAR(2), created_at DATETIME(6) NOT NULL, note TEXT) ENGINE=InnoDB");
            st.execute(
                    "INSERT INTO customers SELECT n + 1, CONCAT('Customer ', n), CONCAT('c', n, '@example.com'),"
                            + " ELT(1 + n % 5, 'DE', 'FR', 'US', 'JP', 'BR'), TIMESTAMP('2024-01-01') + INTERVAL n MINUTE,"
                            + " IF(n % 7 = 0, NULL, CONCAT('Grüße, 顧客 ', n)) FROM seq WHERE n < "
                            + orders / 4);
            st.execute(
                    "CREATE TABLE products (sku VARCHAR(20) PRIMARY KEY, title VARCHAR(200) NOT NULL,"
                            + " price DECIMAL(10,2) NOT NULL, weight_kg DOUBLE, image BLOB) ENGINE=InnoDB");
            st.execute(
                    "INSERT INTO products SELECT CONCAT('SKU-', LPAD(n, 6, '0')), CONCAT('Product ', n),"
                            + " (n % 1000) + 0.99, n / 7, UNHEX(SHA2(n, 256)) FROM seq WHERE n < 5000");
            st.execute(
                    "CREATE TABLE orders (id BIGINT PRIMARY KEY AUTO_INCREMENT, customer_id INT NOT NULL,"
                            + " status ENUM('new','paid','shipped','cancelled') NOT NULL, total DECIMAL(12,2) NOT NULL,"
                            + " placed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), KEY (customer_id)) ENGINE=InnoDB");
            st.execute(
                    "INSERT INTO orders (id, customer_id, status, total, placed_at) SELECT n + 1, 1 + n % "
                            + (orders / 4)
                            + ", ELT(1 + n % 4, 'new', 'paid', 'shipped', 'cancelled'), (n % 500) + 0.5,"
                            + " TIMESTAMP('2024-06-01') + INTERVAL n SECOND FROM seq WHERE n < "
                            + orders);
            st.execute(
                    "CREATE TABLE order_lines (order_id BIGINT NOT NULL, line INT NOT NULL, sku VARCHAR(20) NOT NULL,"
                            + " qty INT NOT NULL, PRIMARY KEY (order_id, line)) ENGINE=InnoDB");
            st.execute(
                    "INSERT INTO order_lines SELECT n + 1, 1, CONCAT('SKU-', LPAD(n % 5000, 6, '0')), 1 + n % 3"
                            + " FROM seq WHERE n < "
                            + orders);
            st.execute("DROP TABLE digits");
            st.execute("DROP TABLE seq");
        }
    }
}
