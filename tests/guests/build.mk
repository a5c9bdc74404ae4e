# tests/guests/: test guests, one folder per area (filled in with the dom0 issue).
ALL_GUESTS +=
