#!/bin/sh
# subset.sh rebuilds NotoSansSC-Regular.subset.ttf, the one font the charts
# embed, from Noto Sans SC Regular as Google Fonts ships it (TrueType glyf
# outlines, SIL Open Font License 1.1; OFL.txt beside this file).
#
# Inputs, both from package registries:
#   npm pack @expo-google-fonts/noto-sans-sc@0.4.3 && tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz
#     gives package/400Regular/NotoSansSC_400Regular.ttf (Noto Sans SC 2.004,
#     10,559,284 bytes, sha256 in SOURCE_SHA256 below) and package/LICENSE_FONT
#   apt-get install python3-fonttools   (Debian 12: fontTools 4.38)
#
# Usage: sh subset.sh path/to/NotoSansSC_400Regular.ttf
#
# The subset keeps: ASCII, Latin-1, Latin Extended-A, general punctuation,
# currency symbols, letterlike symbols, four arrows, circled numbers 1-20,
# geometric shapes, CJK symbols and punctuation, half- and full-width forms;
# the 6,763 hanzi of GB2312; the 2,073 hanzi of Big5's common level (5,401)
# that GB2312 lacks (traditional forms: 陳, 張, 黃 ...); and the name characters
# of names.txt. 9,532 characters, about 3.0 MB. Layout tables (GSUB, GPOS ...)
# and hinting are dropped: the Go rasteriser uses neither. The file's names
# (copyright, licence) are kept; the family name stays "Noto Sans SC", which
# the OFL allows (the reserved font name is "Source").
set -eu
src=${1:?usage: sh subset.sh NotoSansSC_400Regular.ttf}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3 # Debian's, which has fontTools

SOURCE_SHA256=d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16
echo "$SOURCE_SHA256  $src" | sha256sum -c - >/dev/null || echo "warning: $src is not the font this subset was made from" >&2

chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
"$py" - "$here/names.txt" >"$chars" <<'PY'
import sys
out = []
def add(c):
    if c not in seen:
        seen.add(c)
        out.append(c)
seen = set()
for hi in range(0xB0, 0xF8):          # GB2312 rows 16-87: the hanzi
    for lo in range(0xA1, 0xFF):
        try:
            add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for hi in range(0xA4, 0xC7):          # Big5 A440-C67E: the common hanzi
    for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
        if hi == 0xC6 and lo > 0x7E:
            break
        try:
            add(bytes([hi, lo]).decode("big5"))
        except UnicodeDecodeError:
            pass
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("#"):
        for c in line.strip():
            add(c)
sys.stdout.write("".join(out))
PY

"$py" -m fontTools.subset "$src" \
	--text-file="$chars" \
	--unicodes='U+0020-007E,U+00A0-00FF,U+0100-017F,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-2193,U+2460-2473,U+25A0-25FF,U+3000-303F,U+FF00-FFEF' \
	--layout-features='' --no-hinting \
	--drop-tables+=vhea,vmtx,BASE,STAT,GDEF,GPOS,GSUB \
	--name-IDs=0,1,2,3,4,5,6,13,14 \
	--output-file="$here/NotoSansSC-Regular.subset.ttf"
ls -l "$here/NotoSansSC-Regular.subset.ttf"
sha256sum "$here/NotoSansSC-Regular.subset.ttf"
