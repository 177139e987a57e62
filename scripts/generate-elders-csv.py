"""Writes N elders as CSV in the columns of the elders export (and import): valid citizen IDs
(GB 11643 check character, gender from the 17th digit), two emergency contacts, homes at
community 420107001001, a cell with a comma in every address. Used by scripts/bench-import.

    python3 scripts/generate-elders-csv.py N FILE
"""
import datetime
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
COLUMNS = ("name,gender,birthDate,citizenId,phone,address,latitude,longitude,livingSituation,abilityLevel,"
           "chronicConditions,contact1Name,contact1Relation,contact1Phone,contact1HoldsKey,contact2Name,contact2Relation,"
           "contact2Phone,contact2HoldsKey,contact3Name,contact3Relation,contact3Phone,contact3HoldsKey,home")


def main(count, path):
    living = ["alone", "emptyNest", "withFamily"]
    start = datetime.date(1940, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("\ufeff" + COLUMNS + "\r\n")
        for i in range(count):
            born = start + datetime.timedelta(days=i // 900)
            serial = i % 900 + 100
            body = "420107" + born.strftime("%Y%m%d") + "%03d" % serial
            citizen = body + "10X98765432"[sum(int(a) * w for a, w in zip(body, WEIGHTS)) % 11]
            row = [f"老人{i}", "male" if serial % 2 else "female", born.isoformat(), citizen, "1387%07d" % i,
                   f"青山区红卫路{i}号, {i % 30 + 1}栋", "30.64", "114.39", living[i % 3], str(i % 5),
                   "高血压;糖尿病" if i % 2 else "", f"家属{i}", "儿子", "1391234%04d" % (i % 10000), "true",
                   f"亲属{i}", "女儿", "1381234%04d" % (i % 10000), "false", "", "", "", "", "420107001001"]
            out.write(",".join('"' + c + '"' if "," in c else c for c in row) + "\r\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
