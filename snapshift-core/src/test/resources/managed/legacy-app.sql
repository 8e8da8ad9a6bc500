-- A legacy application schema as sources carry them: mixed-case names, a table without a key, MyISAM, utf8 (utf8mb3)
-- columns, objects defined by the application's own account. Written for MySQL 5.7 / 8.0 and MariaDB; the database
-- name is substituted. Statements end with a line holding only "$$"; ${db} is the database.
CREATE DATABASE `${db}`
$$
USE `${db}`
$$
CREATE TABLE `Orders` (id INT PRIMARY KEY, customer VARCHAR(40) CHARACTER SET utf8 COLLATE utf8_general_ci,
  total DECIMAL(10,2) NOT NULL) ENGINE=InnoDB
$$
CREATE TABLE order_lines (order_id INT NOT NULL, sku VARCHAR(20) NOT NULL, qty INT NOT NULL, KEY (order_id)) ENGINE=InnoDB
$$
CREATE TABLE legacy_counts (k VARCHAR(10) NOT NULL PRIMARY KEY, n INT NOT NULL) ENGINE=MyISAM
$$
CREATE TABLE `AuditLog` (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(200) NOT NULL) ENGINE=InnoDB
$$
INSERT INTO `Orders` VALUES (1, 'Ann', 150.00), (2, 'Bob', 20.50), (3, 'Cécile', 999.99)
$$
INSERT INTO order_lines VALUES (1, 'A-1', 2), (1, 'A-1', 2), (2, 'B-7', 1), (3, 'C-3', 5)
$$
INSERT INTO legacy_counts VALUES ('x', 1), ('y', 2)
$$
INSERT INTO `AuditLog` (msg) VALUES ('created')
$$
CREATE DEFINER=`${user}`@`%` VIEW `BigOrders` AS SELECT id, total FROM `Orders` WHERE total > 100
$$
CREATE DEFINER=`${user}`@`%` FUNCTION order_total(p INT) RETURNS DECIMAL(10,2) READS SQL DATA
  RETURN (SELECT total FROM `Orders` WHERE id = p)
$$
CREATE DEFINER=`${user}`@`%` PROCEDURE `CountLines`(OUT n INT) SELECT COUNT(*) INTO n FROM order_lines
$$
CREATE DEFINER=`${user}`@`%` TRIGGER orders_audit AFTER INSERT ON `Orders` FOR EACH ROW
  INSERT INTO `AuditLog` (msg) VALUES (CONCAT('order ', NEW.id))
$$
