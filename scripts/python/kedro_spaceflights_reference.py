"""Reference implementation of Kedro's spaceflights `data_processing` pipeline in pandas.

Written for Ferry's parity test, following the logic of the `spaceflights-pandas` starter's
nodes (kedro-org/kedro-starters): preprocess_companies, preprocess_shuttles and
create_model_input_table. Reads companies.csv, reviews.csv and shuttles.xlsx from a folder
and writes the model input table to a .parquet (or .csv) file.

Usage (with the repo's venv, see scripts/python/setup.sh):
    .venv/bin/python scripts/python/kedro_spaceflights_reference.py RAW_DIR OUT.parquet
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd


def _is_true(x: pd.Series) -> pd.Series:
    # Missing values compare unequal to "t", so they become False (as in Kedro).
    return x == "t"


def _parse_percentage(x: pd.Series) -> pd.Series:
    return x.str.replace("%", "", regex=False).astype(float) / 100


def _parse_money(x: pd.Series) -> pd.Series:
    return x.str.replace("$", "", regex=False).str.replace(",", "", regex=False).astype(float)


def preprocess_companies(companies: pd.DataFrame) -> pd.DataFrame:
    companies = companies.copy()
    companies["iata_approved"] = _is_true(companies["iata_approved"])
    companies["company_rating"] = _parse_percentage(companies["company_rating"])
    return companies


def preprocess_shuttles(shuttles: pd.DataFrame) -> pd.DataFrame:
    shuttles = shuttles.copy()
    shuttles["d_check_complete"] = _is_true(shuttles["d_check_complete"])
    shuttles["moon_clearance_complete"] = _is_true(shuttles["moon_clearance_complete"])
    shuttles["price"] = _parse_money(shuttles["price"])
    return shuttles


def create_model_input_table(
    shuttles: pd.DataFrame, companies: pd.DataFrame, reviews: pd.DataFrame
) -> pd.DataFrame:
    rated_shuttles = shuttles.merge(reviews, left_on="id", right_on="shuttle_id")
    rated_shuttles = rated_shuttles.drop("id", axis=1)
    model_input_table = rated_shuttles.merge(companies, left_on="company_id", right_on="id")
    return model_input_table.dropna()


def run(raw_dir: Path) -> pd.DataFrame:
    companies = pd.read_csv(raw_dir / "companies.csv")
    reviews = pd.read_csv(raw_dir / "reviews.csv")
    shuttles = pd.read_excel(raw_dir / "shuttles.xlsx", engine="openpyxl")
    return create_model_input_table(
        preprocess_shuttles(shuttles), preprocess_companies(companies), reviews
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dir", type=Path, help="folder with companies.csv, reviews.csv, shuttles.xlsx")
    parser.add_argument("out", type=Path, help="output file: .parquet or .csv")
    args = parser.parse_args(argv)

    table = run(args.raw_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.suffix == ".csv":
        table.to_csv(args.out, index=False)
    else:
        table.to_parquet(args.out, index=False)
    print(f"model_input_table: {table.shape[0]} rows x {table.shape[1]} columns -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
