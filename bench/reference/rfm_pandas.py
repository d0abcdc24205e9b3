#!/usr/bin/python3
"""Reference RFM in pandas, with the same definitions as `vinculo analytics rfm --format online-retail`.

Usage: /usr/bin/python3 bench/reference/rfm_pandas.py TRANSACTIONS.csv[.gz] OUT.csv

A purchase is a line with Quantity > 0 and a CustomerID. Per customer: recency = days from the last purchase day
to the day after the file's last purchase day; frequency = distinct invoices; monetary = sum of Quantity * UnitPrice.
Scores: qcut(rank(method="first"), 5) on rows sorted by customer id (recency ranked on its negative, so the most
recent scores 5). Monetary is summed exactly in integer thousandths (the file's prices have at most three decimals).
Segments: the table of docs/analytics-rfm-clv.md on R and FM = floor((F + M) / 2).
"""
import sys

import numpy as np
import pandas as pd

SEGMENTS = [  # segment, R min, R max, FM min, FM max
    ("champions", 5, 5, 4, 5),
    ("loyal", 3, 4, 4, 5),
    ("potentialLoyalist", 4, 5, 2, 3),
    ("new", 5, 5, 1, 1),
    ("promising", 4, 4, 1, 1),
    ("needAttention", 3, 3, 3, 3),
    ("aboutToSleep", 3, 3, 1, 2),
    ("atRisk", 1, 2, 3, 4),
    ("cantLoseThem", 1, 2, 5, 5),
    ("hibernating", 2, 2, 1, 2),
    ("lost", 1, 1, 1, 2),
]


def segment(r, fm):
    for name, r0, r1, fm0, fm1 in SEGMENTS:
        if r0 <= r <= r1 and fm0 <= fm <= fm1:
            return name
    raise ValueError((r, fm))


def main(path, out):
    df = pd.read_csv(path, usecols=["InvoiceNo", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"],
                     dtype={"InvoiceNo": str, "Quantity": np.int64, "UnitPrice": np.float64, "CustomerID": np.float64})
    df = df[(df["Quantity"] > 0) & df["CustomerID"].notna()].copy()
    df["day"] = pd.to_datetime(df["InvoiceDate"], format="%Y-%m-%d %H:%M:%S").dt.normalize()
    df["milli"] = np.rint(df["UnitPrice"] * 1000).astype(np.int64) * df["Quantity"]
    df["customer"] = df["CustomerID"].astype(np.int64)
    snapshot = df["day"].max() + pd.Timedelta(days=1)
    rfm = df.groupby("customer").agg(last=("day", "max"), frequency=("InvoiceNo", "nunique"), milli=("milli", "sum"))
    rfm = rfm.sort_index()
    rfm["recency_days"] = (snapshot - rfm["last"]).dt.days
    labels = [1, 2, 3, 4, 5]
    rfm["r"] = pd.qcut((-rfm["recency_days"]).rank(method="first"), 5, labels=labels).astype(int)
    rfm["f"] = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=labels).astype(int)
    rfm["m"] = pd.qcut(rfm["milli"].rank(method="first"), 5, labels=labels).astype(int)
    fm = (rfm["f"] + rfm["m"]) // 2
    rfm["segment"] = [segment(r, x) for r, x in zip(rfm["r"], fm)]
    sign = np.where(rfm["milli"] < 0, "-", "")
    absolute = rfm["milli"].abs()
    whole = (absolute // 1000).astype(str)
    thousandths = (absolute % 1000).map(lambda v: f"{v:03d}")
    rfm["monetary"] = [s + w + "." + (t[:2] if t[2] == "0" else t) for s, w, t in zip(sign, whole, thousandths)]
    rfm.index.name = "customer"
    rfm[["recency_days", "frequency", "monetary", "r", "f", "m", "segment"]].to_csv(out, lineterminator="\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
