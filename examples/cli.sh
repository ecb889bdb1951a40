#!/usr/bin/env bash
# The lkjip command line on the tables in this folder (transcribed from the reports in laporan/).
set -u
cd "$(dirname "$0")"

# Every figure of a table, and how each was obtained (in Indonesian).
lkjip evaluate 004_capaian_kinerja.csv --explain

# The printed figures that do not follow from their inputs; exit status 1 when there are any.
lkjip audit 000_realisasi_belanja.csv
echo "exit status: $?"

# For other programs: one JSON document, or one JSON object per row, or a spreadsheet.
lkjip audit 004_capaian_kinerja.csv --format json
lkjip evaluate 004_capaian_kinerja.csv --format jsonl | head -n 2
cat 004_capaian_kinerja.csv | lkjip evaluate - --format csv > /dev/null

# With the extras installed: a chart and an .xlsx workbook.
lkjip chart 004_capaian_kinerja.csv -o /tmp/capaian.png && echo "wrote /tmp/capaian.png"
lkjip evaluate 004_capaian_kinerja.csv --format xlsx -o /tmp/hasil.xlsx && echo "wrote /tmp/hasil.xlsx"
