-- Schema objects as users write them, for the round trip of SchemaObjectsRoundTripIntegrationTest. Runs on MySQL 5.7,
-- 8.0 and MariaDB 11.4 alike. ${a}, ${b}, ${c}: databases (c uses a and b and is migrated first); ${app}: an account
-- that exists on both servers; ${legacyMode}: 5.7's default sql_mode (8.0 sources: the same without
-- NO_AUTO_CREATE_USER, which 8.0 refuses). Statements end with a line holding only $$.
CREATE DATABASE ${a} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci
$$
CREATE DATABASE ${b} CHARACTER SET latin1 COLLATE latin1_swedish_ci
$$
CREATE DATABASE ${c} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
$$
CREATE TABLE ${a}.items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, price DECIMAL(10,2) NOT NULL,
  qty INT NOT NULL DEFAULT 0) ENGINE=InnoDB
$$
INSERT INTO ${a}.items VALUES (1, 'apple', 1.50, 10), (2, 'pear', 2.25, 0), (3, 'plum', 0.99, 7)
$$
CREATE TABLE ${a}.audit (id INT AUTO_INCREMENT PRIMARY KEY, item INT, what VARCHAR(100), trigger_mode VARCHAR(300))
  ENGINE=InnoDB
$$
-- 5.7's default sql_mode, client utf8mb4
SET NAMES utf8mb4
$$
SET SESSION sql_mode = '${legacyMode}'
$$
CREATE DEFINER=${app} FUNCTION ${a}.f_value(p_id INT) RETURNS DECIMAL(12,2) READS SQL DATA
  RETURN (SELECT price * qty FROM ${a}.items WHERE id = p_id)
$$
CREATE FUNCTION ${a}.f_smile() RETURNS VARCHAR(10) CHARSET utf8mb4 DETERMINISTIC RETURN '😀 é'
$$
CREATE PROCEDURE ${a}.p_restock(IN p_id INT, IN p_n INT)
BEGIN
  UPDATE ${a}.items SET qty = qty + p_n WHERE id = p_id;
  SELECT id, qty, @@session.sql_mode AS mode FROM ${a}.items WHERE id = p_id;
END
$$
CREATE TRIGGER ${a}.items_bi_trim BEFORE INSERT ON ${a}.items FOR EACH ROW SET NEW.name = TRIM(NEW.name)
$$
CREATE TRIGGER ${a}.items_bi_lower BEFORE INSERT ON ${a}.items FOR EACH ROW PRECEDES items_bi_trim
  SET NEW.name = LOWER(NEW.name)
$$
-- ANSI_QUOTES: SHOW CREATE writes these objects' definers with double quotes
SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES'
$$
CREATE DEFINER="${appUser}"@"%" TRIGGER "${a}"."items_ai" AFTER INSERT ON "${a}"."items" FOR EACH ROW
  INSERT INTO "audit" ("item", "what", "trigger_mode") VALUES (NEW.id, CONCAT('added ', NEW.name), @@session.sql_mode)
$$
CREATE PROCEDURE "${a}"."p_quoted"() SELECT "id", "name" FROM "items" ORDER BY "id"
$$
-- NO_BACKSLASH_ESCAPES: the backslash is a character of the literal
SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'
$$
CREATE FUNCTION ${a}.f_path() RETURNS VARCHAR(20) CHARSET utf8mb4 DETERMINISTIC RETURN 'C:\temp\new'
$$
-- PIPES_AS_CONCAT in views (stored normalized) and a view read by a view named before it
SET SESSION sql_mode = 'PIPES_AS_CONCAT'
$$
CREATE VIEW ${a}.v_stock AS SELECT id, name || '!' AS label, qty FROM ${a}.items WHERE qty > 0
$$
CREATE VIEW ${a}.v_a_ids AS SELECT id FROM ${a}.v_stock
$$
-- latin1 client: literals are latin1 bytes (cp1252: the en dash is 0x96), comparisons in latin1_bin
SET NAMES latin1
$$
SET SESSION sql_mode = ''
$$
CREATE FUNCTION ${b}.f_greet(p VARCHAR(20)) RETURNS VARCHAR(60) DETERMINISTIC RETURN CONCAT('Grüße, ', p, ' – ok')
$$
SET collation_connection = latin1_bin
$$
CREATE FUNCTION ${b}.f_case() RETURNS INT DETERMINISTIC RETURN 'abc' = 'ABC'
$$
CREATE FUNCTION ${b}.f_collation() RETURNS VARCHAR(64) DETERMINISTIC RETURN COLLATION('x')
$$
CREATE VIEW ${b}.v_latin AS SELECT 'Grüße' AS word, 'abc' = 'ABC' AS same_case
$$
-- the routines above keep latin1_swedish_ci as their database collation after the database changes
ALTER DATABASE ${b} COLLATE latin1_german1_ci
$$
CREATE FUNCTION ${b}.f_after() RETURNS VARCHAR(64) DETERMINISTIC RETURN COLLATION('y')
$$
-- objects that use other databases' objects; ${c} is migrated before ${a} and ${b}
SET NAMES utf8mb4
$$
SET SESSION sql_mode = 'STRICT_TRANS_TABLES'
$$
CREATE SQL SECURITY INVOKER VIEW ${c}.v_cross AS SELECT s.id, s.label, ${a}.f_value(s.id) AS value,
  ${b}.f_greet(s.label) AS greet FROM ${a}.v_stock s
$$
CREATE VIEW ${c}.v_on_cross AS SELECT id, greet FROM ${c}.v_cross WHERE id > 1
$$
-- events: a time zone other than the session's, enabled, disabled, replica-side disabled
SET time_zone = '+05:30'
$$
SET SESSION sql_mode = '${legacyMode}'
$$
CREATE DEFINER=${app} EVENT ${a}.e_daily ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' ENDS '2031-06-30 12:00:00'
  ON COMPLETION PRESERVE ENABLE COMMENT 'daily at midnight, +05:30' DO UPDATE ${a}.items SET qty = qty WHERE id = 0
$$
CREATE EVENT ${a}.e_replica ON SCHEDULE EVERY 1 HOUR STARTS '2030-01-01 00:00:00' ON COMPLETION PRESERVE
  DISABLE ON SLAVE DO DELETE FROM ${a}.audit WHERE id < 0
$$
SET time_zone = '-03:00'
$$
SET NAMES latin1
$$
CREATE EVENT ${b}.e_once ON SCHEDULE AT '2032-02-29 23:30:00' ON COMPLETION PRESERVE DISABLE
  DO SELECT 'Grüße'
$$
SET time_zone = 'SYSTEM'
$$
