"""The calculation rules: each a pure function over ``Decimal``, and their cited data.

``capaian`` (capaian, kemajuan), ``scales`` (predikat, atribut, kategori efisiensi,
predikat AKIP, mutu IKM, loaded from ``data/``), ``anggaran`` (penyerapan, sisa,
efisiensi), ``agregasi`` (rata-rata, selisih, tren), ``akip`` and ``ikm``; ``batch``
and ``fixed`` compute the same rules over many values. Rules never import the table.
"""
