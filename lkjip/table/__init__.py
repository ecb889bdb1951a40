"""The table: read it, model it, evaluate, explain, audit and print it.

``fields`` (the field registry), ``read`` (CSV, JSON Lines, rows), ``model``
(Indikator, Sasaran, Laporan, Opsi), ``evaluasi`` (evaluate), ``explain``
(penjelasan), ``audit`` (§10), ``display`` (text and HTML), ``renja`` (Formulir E.81).
"""
