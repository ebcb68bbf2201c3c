# Sums the per-assembly VSTest lines ("Passed!  - Failed: 0, Passed: 93, Skipped: 0, ...") into one line.
# Exits 1 when no assembly reported (so a run that tested nothing never looks green).
/(Passed|Failed)! +- Failed: / {
  line = $0; gsub(",", "", line); n = split(line, w, " ")
  for (i = 1; i < n; i++) {
    if (w[i] == "Failed:") f += w[i+1]
    else if (w[i] == "Passed:") p += w[i+1]
    else if (w[i] == "Skipped:") s += w[i+1]
  }
  asm++
}
END { printf "%d passed, %d failed, %d skipped\n", p, f, s; if (asm == 0) exit 1 }
