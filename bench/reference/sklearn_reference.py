#!/usr/bin/python3
"""scikit-learn reference figures for Vinculo's classifiers (not part of the product, tests or CI).

Run with the system Python that has scikit-learn 1.2.1:  /usr/bin/python3 bench/reference/sklearn_reference.py [DATASETS]
DATASETS defaults to ../shared/datasets next to the repository.

For each table: a stratified 80/20 split (train_test_split(test_size=0.2, stratify=y, random_state=42)), then
  * LogisticRegression(max_iter=1000) on one-hot categoricals + standardised numerics (median imputation),
  * HistGradientBoostingClassifier() defaults, categoricals ordinal-encoded and declared categorical,
and the test ROC AUC and Brier score of both. The split's test rows are written to tests/fixtures/splits/<name>.txt
(one data row number per line, 1 = the first row after the header) so the C# tests score exactly the same rows.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATASETS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "datasets")

TABLES = [
    # name, file, label column, positive value, columns dropped (identifiers), columns coerced to numbers
    ("telco-churn", "telco-churn/Telco-Customer-Churn.csv", "Churn", "Yes", ["customerID"], ["TotalCharges"]),
    ("credit-default", "credit-default/default_of_credit_card_clients.csv", "default payment next month", "1", ["ID"], []),
    ("airline-satisfaction", "airline-satisfaction/airline_passenger_satisfaction_test.csv", "satisfaction", "satisfied",
     ["Unnamed: 0", "id"], []),
]


def run(name, path, label, positive, drop, coerce):
    df = pd.read_csv(os.path.join(DATASETS, path), dtype=str, keep_default_na=False)
    y = (df[label].str.strip() == positive).astype(int).to_numpy()
    x = df.drop(columns=[label] + drop)
    for c in coerce:
        x[c] = pd.to_numeric(x[c].str.strip().replace("", np.nan), errors="coerce")
    numeric, categorical = [], []
    for c in x.columns:
        converted = pd.to_numeric(x[c].replace("", np.nan), errors="coerce")
        if converted.notna().sum() == x[c].replace("", np.nan).notna().sum():
            x[c] = converted
            numeric.append(c)
        else:
            categorical.append(c)

    rows = np.arange(len(df))
    train, test = train_test_split(rows, test_size=0.2, stratify=y, random_state=42)
    xtr, xte, ytr, yte = x.iloc[train], x.iloc[test], y[train], y[test]

    logistic = Pipeline([
        ("prep", ColumnTransformer([
            ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
        ])),
        ("model", LogisticRegression(max_iter=1000)),
    ]).fit(xtr, ytr)
    p_lr = logistic.predict_proba(xte)[:, 1]

    ordinal = ColumnTransformer([
        ("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan), categorical),
        ("num", "passthrough", numeric),
    ])
    mask = [True] * len(categorical) + [False] * len(numeric)
    boosting = Pipeline([
        ("prep", ordinal),
        ("model", HistGradientBoostingClassifier(categorical_features=mask, random_state=42)),
    ]).fit(xtr, ytr)
    p_gb = boosting.predict_proba(xte)[:, 1]

    with open(os.path.join(REPO, "tests", "fixtures", "splits", name + ".txt"), "w") as f:
        f.write("# test rows of train_test_split(test_size=0.2, stratify=y, random_state=42): data row numbers, 1 = first row after the header\n")
        for r in sorted(test):
            f.write(f"{r + 1}\n")

    return {
        "table": name, "rows": len(df), "trainRows": len(train), "testRows": len(test), "positiveRate": round(float(y.mean()), 4),
        "numeric": len(numeric), "categorical": len(categorical),
        "logistic": {"auc": round(roc_auc_score(yte, p_lr), 4), "brier": round(brier_score_loss(yte, p_lr), 4)},
        "boosting": {"auc": round(roc_auc_score(yte, p_gb), 4), "brier": round(brier_score_loss(yte, p_gb), 4)},
    }


if __name__ == "__main__":
    import sklearn
    results = [run(*t) for t in TABLES]
    print(json.dumps({"sklearn": sklearn.__version__, "results": results}, indent=2))
