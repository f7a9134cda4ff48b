CREATE TABLE IF NOT EXISTS orders (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer text           NOT NULL,
    amount   numeric(10, 2) NOT NULL
);
