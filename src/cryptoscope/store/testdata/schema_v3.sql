-- CryptoScope schema version 3 (commit c1ab443, the last before v4): symbols.coingecko_id,
-- venue_pace. The DDL exactly as that version created a new file, with a little data.
-- A fixture of the upgrade tests: every later cryptoscope must open such a file and keep it all.
CREATE TABLE symbols (
  symbol     TEXT PRIMARY KEY,
  name       TEXT,
  rank       INTEGER,
  market_cap REAL,
  source     TEXT,
  pair       TEXT,
  updated_at TEXT,
  price      REAL,
  coingecko_id TEXT
);
CREATE TABLE ohlcv (
  symbol       TEXT NOT NULL,
  date         TEXT NOT NULL,
  open         REAL,
  high         REAL,
  low          REAL,
  close        REAL,
  volume       REAL,
  quote_volume REAL,
  source       TEXT,
  PRIMARY KEY (symbol, date)
) WITHOUT ROWID;
CREATE TABLE sync_state (
  symbol         TEXT PRIMARY KEY,
  source         TEXT NOT NULL,
  synced_through TEXT NOT NULL,
  updated_at     TEXT,
  checked_on     TEXT,
  stale_since    TEXT
);
CREATE TABLE host_bans (
  host     TEXT PRIMARY KEY,
  until_ms INTEGER NOT NULL
);
CREATE TABLE no_market (
  symbol     TEXT PRIMARY KEY,
  checked_on TEXT NOT NULL
);
CREATE TABLE venue_pace (
  host          TEXT PRIMARY KEY,
  last_start_ms INTEGER NOT NULL,
  recent        INTEGER NOT NULL
);
CREATE TABLE known_gaps (
  symbol TEXT NOT NULL,
  date   TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (symbol, date)
) WITHOUT ROWID;
INSERT INTO symbols VALUES ('BTC', 'Bitcoin', 1, 1.2e12, 'binance', 'BTCUSDT', '2026-11-20T00:05:00Z', 61000.5, NULL);
INSERT INTO symbols VALUES ('XMR', 'Monero', 2, 3.1e9, 'cryptocompare', 'XMR-USD', '2026-11-20T00:05:00Z', 160.25, NULL);
INSERT INTO ohlcv VALUES ('BTC', '2026-11-18', 60000, 61000, 59000, 60500, 1234.5, 74000000, 'binance');
INSERT INTO ohlcv VALUES ('BTC', '2026-11-19', 60500, 62000, 60100, 61000.5, 1100.25, 67000000, 'binance');
INSERT INTO ohlcv VALUES ('XMR', '2026-11-19', 158, 162, 155, 160.25, 5000, 800000, 'cryptocompare');
INSERT INTO sync_state VALUES ('BTC', 'binance', '2026-11-19', '2026-11-20T00:05:00Z', NULL, NULL);
INSERT INTO sync_state VALUES ('XMR', 'cryptocompare', '2026-11-19', '2026-11-20T00:05:00Z', NULL, NULL);
INSERT INTO host_bans VALUES ('binance', 1790000000000);
INSERT INTO no_market VALUES ('WBT', '2026-11-20');
INSERT INTO known_gaps VALUES ('XMR', '2026-11-18', 'cryptocompare');
PRAGMA user_version = 3;
