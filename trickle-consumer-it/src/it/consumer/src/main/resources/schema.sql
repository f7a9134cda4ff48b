CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY, customer_id int, amount numeric);
