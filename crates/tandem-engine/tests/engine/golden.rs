//! Golden SQL files (filled in below).
