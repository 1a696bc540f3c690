"""The error catalogue: every check code, its severity, a one-line summary, and the wording of its
message and hint in Vietnamese (the default) and English.

A `Problem` carries a code and named parameters; it is worded only when it is printed, in the
language the user chose (`xhht check --lang en`, or `lang = "en"` in xhht.toml). docs/checks.md is
generated from this table by the command line's docgen (`python -m xhht.cli.docgen > docs/checks.md`)
and a test keeps it up to date.

Adding a check: add one `_add(...)` entry below (code, severity, section, summary, `vi=(message,
hint)`, `en=(message, hint)`, `doc=` prose for docs/checks.md), raise it with
`loc.problem("my-code", name=value, ...)`, and give it an example in `xhht/cli/docgen.py`.

Templates are `str.format` strings over the parameters. A message or hint may be a tuple of
alternatives: the first whose fields are all given (and not None) is used, so optional parts need
no code. Special fields:
  `{x:?}`  prints nothing, but the alternative applies only when `x` is given;
  `{x:n}`  a whole number grouped as the language writes it (499.900, 499,900);
  `{x:t}`  the phrase `x` from `PHRASES`, in the chosen language;
  a `Phrase` value is worded in the chosen language; a list or tuple is joined with ", ".
Codes are stable (scripts rely on them): one code is one fault, never reused for another.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass, field
from typing import Any

from xhht.base.kinds import Severity
from xhht.base.safetext import shorten

ERROR = Severity.ERROR
WARNING = Severity.WARNING
LANGS = ("vi", "en")

# sections of docs/checks.md, in order: key -> (English title, Vietnamese title)
SECTIONS = {
    "files": ("Files", "Tệp"),
    "plans": ("Plan files (plans/*.yaml)", "Tệp kế hoạch"),
    "standards": ("Standard files (standards/*.yaml)", "Tệp chuẩn"),
    "areas": ("Areas (areas.csv)", "Đơn vị hành chính"),
    "csv": ("CSV files (areas.csv and data/**/*.csv)", "Tệp CSV"),
    "figures": ("Figures (data/**/*.csv)", "Số liệu"),
    "levels": ("Targets by level (warnings)", "Chỉ tiêu theo cấp (cảnh báo)"),
    "import": ("Forms (xhht import)", "Nhập biểu số liệu (xhht import)"),
    "reports": ("Report text files (reports/*.md)", "Tệp lời văn báo cáo"),
}

Text = str | tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    code: str
    severity: Severity
    section: str
    summary: str  # English, one line
    message: dict[str, tuple[str, ...]]  # lang -> alternatives
    hint: dict[str, tuple[str, ...]]
    doc: str = ""  # English prose for docs/checks.md

    @property
    def anchor(self) -> str:
        """Where the code is documented: docs/checks.md#CODE (its `### CODE` heading)."""
        return f"docs/checks.md#{self.code}"


@dataclass(frozen=True)
class Phrase:
    """A piece of a message that is itself worded per language: PHRASES[key] with `params`."""

    key: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)


CATALOGUE: dict[str, Entry] = {}


def _alts(t: Text) -> tuple[str, ...]:
    return (t,) if isinstance(t, str) else tuple(t)


def _add(code: str, severity: Severity, section: str, summary: str, *, vi: tuple[Text, Text],
         en: tuple[Text, Text], doc: str = "") -> None:
    assert code not in CATALOGUE, code
    CATALOGUE[code] = Entry(code, severity, section, summary,
                            {"vi": _alts(vi[0]), "en": _alts(en[0])}, {"vi": _alts(vi[1]), "en": _alts(en[1])},
                            " ".join(doc.split()))


# Phrases: parts of messages worded per language (PHRASES[key][lang]).
PHRASES: dict[str, dict[str, str]] = {
    # why templates/report.docx cannot be the style template (template-error)
    "docx-not-word": {"vi": "đây không phải văn bản Word (.docx)", "en": "it is not a Word document (.docx)"},
    "docx-macro": {"vi": "đây là văn bản có macro (.docm, .dotm); xhht chỉ dùng các kiểu định dạng, không bao giờ "
                         "dùng macro", "en": "it is macro-enabled (.docm, .dotm); xhht uses only its styles, never "
                                             "a macro"},
    "docx-too-large": {"vi": "tệp quá lớn để là một mẫu định dạng", "en": "it is too large to be a style template"},
    "docx-too-many-styles": {"vi": "tệp có hơn {limit:n} kiểu định dạng", "en": "it has more than {limit:n} styles"},
    "docx-damaged": {"vi": "tệp bị hỏng ({detail})", "en": "it is damaged ({detail})"},
    # why the system would not let a file or folder be read (read-error; load.safe_io.read_reason)
    "os-denied": {"vi": "không có quyền đọc", "en": "permission denied"},
    "os-missing": {"vi": "không có tệp hay thư mục này", "en": "no such file or folder"},
    "os-not-folder": {"vi": "một phần của đường dẫn không phải thư mục", "en": "a part of the path is not a folder"},
    "os-is-folder": {"vi": "đây là một thư mục", "en": "it is a folder"},
    "os-name-too-long": {"vi": "tên quá dài", "en": "the name is too long"},
    "os-link-loop": {"vi": "các liên kết trỏ vòng quanh nhau", "en": "the links point round in a loop"},
    "os-io": {"vi": "lỗi đọc ổ đĩa", "en": "the disk could not be read (input/output error)"},
    # what Python's CSV reader found wrong with a line (csv-syntax; load.textfiles.csv_fault)
    "csv-unclosed-quote": {"vi": 'một ô mở dấu nháy kép (") mà không đóng, đến hết tệp',
                           "en": 'a cell opens a double quote (") that is never closed, up to the end of the file'},
    "csv-after-quote": {"vi": "sau dấu nháy kép đóng một ô phải là dấu phẩy hoặc hết dòng",
                        "en": "a closing double quote must be followed by a comma or the end of the line"},
    "csv-newline": {"vi": "có ký tự xuống dòng giữa một ô không đặt trong dấu nháy kép",
                    "en": "a line break inside a cell that is not in double quotes"},
    "csv-cell-too-long": {"vi": "một ô quá dài", "en": "a cell is too long"},
    # what a number is in a data file
    "value": {"vi": "giá trị", "en": "the value"},
    "numerator": {"vi": "tử số", "en": "the numerator"},
    "denominator": {"vi": "mẫu số", "en": "the denominator"},
    "count": {"vi": "số lượng", "en": "the count"},
    # indicator-conflict: one difference
    "differs": {"vi": "{key} {here} (ở đó: {there})", "en": "{key} {here} (there: {there})"},
    # where a target is written in a plan file (prefix of target-* messages)
    "target-year": {"vi": "mục tiêu năm {year}", "en": "target {year}"},
    "meeting": {"vi": "điều kiện `meeting`", "en": "meeting"},
    "subunit-count": {"vi": "`count` năm {year}", "en": "count {year}"},
    "subunit-share": {"vi": "`share` năm {year}", "en": "share {year}"},
    "threshold": {"vi": "ngưỡng {level}", "en": "threshold {level}"},
    # pydantic's kinds of type error (wrong-type)
    "string_type": {"vi": "phải là văn bản", "en": "input should be a valid string"},
    "int_type": {"vi": "phải là số nguyên", "en": "input should be a valid integer"},
    "int_parsing": {"vi": "phải là số nguyên (một năm)", "en": "input should be a valid integer"},
    "dict_type": {"vi": "phải là một bảng `khoá: giá trị`", "en": "input should be a valid dictionary"},
    "list_type": {"vi": "phải là một danh sách", "en": "input should be a valid list"},
    "model_type": {"vi": "phải là một bảng `khoá: giá trị`", "en": "input should be a mapping of keys"},
    "bool_type": {"vi": "phải là yes hoặc no", "en": "input should be a valid boolean"},
    "date_type": {"vi": "phải là một ngày dạng YYYY-MM-DD", "en": "input should be a date as YYYY-MM-DD"},
    "date_parsing": {"vi": "phải là một ngày dạng YYYY-MM-DD", "en": "input should be a date as YYYY-MM-DD"},
    "date_from_datetime_parsing": {"vi": "phải là một ngày dạng YYYY-MM-DD",
                                   "en": "input should be a date as YYYY-MM-DD"},
    "date_from_datetime_inexact": {"vi": "phải là một ngày, không kèm giờ", "en": "input should be a date, without a time"},
    "other-type": {"vi": "sai kiểu ({msg})", "en": "{msg}"},
    "string_too_long": {"vi": "quá dài", "en": "is too long"},
    # what a setting of xhht.toml's [report] table must be (bad-setting)
    "setting-text": {"vi": "một đoạn chữ (tối đa {limit} ký tự)", "en": "a text (at most {limit} characters)"},
    "setting-texts": {"vi": "một danh sách các đoạn chữ (tối đa {limit} mục)",
                      "en": "a list of texts (at most {limit} items)"},
    "setting-table": {"vi": "một bảng (ví dụ [report.signer])", "en": "a table (e.g. [report.signer])"},
    "too_long": {"vi": "có quá nhiều mục", "en": "has too many items"},
    # what is found where a file is expected (not-regular-file)
    "kind-folder": {"vi": "một thư mục", "en": "a folder"},
    "kind-fifo": {"vi": "một ống có tên (FIFO)", "en": "a FIFO (named pipe)"},
    "kind-socket": {"vi": "một socket", "en": "a socket"},
    "kind-device": {"vi": "một thiết bị", "en": "a device"},
    "kind-other": {"vi": "không phải tệp thông thường", "en": "not a regular file"},
    # what import found on the way to the file it would write (import-path)
    "path-link": {"vi": "một liên kết (symbolic link)", "en": "a symbolic link"},
    "path-not-folder": {"vi": "một tệp, không phải thư mục", "en": "a file, not a folder"},
    "path-not-file": {"vi": "không phải một tệp thông thường", "en": "not a regular file"},
    "path-outside": {"vi": "một đường dẫn ra ngoài kho", "en": "a path leading outside the repository"},
    "path-name": {"vi": "tên tệp có ký tự không nhìn thấy (xuống dòng, tab, ký tự điều khiển)",
                  "en": "a file name with characters nobody can see (a newline, a tab, a control character)"},
    # periods (bad-period)
    "period-form": {"vi": "'{text}' không phải một năm (2015) hay một giai đoạn (2013-2016 hoặc 2013..2016)",
                    "en": "'{text}' is not a period: write a year (2015) or a range (2013-2016 or 2013..2016)"},
    "period-order": {"vi": "'{text}' có năm kết thúc trước năm bắt đầu: viết năm trước trước",
                     "en": "'{text}' ends before it starts: write the earlier year first"},
    "period-years": {"vi": "'{text}' nằm ngoài các năm 1900-2100", "en": "'{text}' is outside the years 1900-2100"},
}


def phrase(key: str, /, **params: Any) -> Phrase:
    assert key in PHRASES, key
    return Phrase(key, params)


# ---------------------------------------------------------------- files

_add("not-utf8", ERROR, "files", "a file is not valid UTF-8",
     vi=("tệp không được lưu bằng bảng mã UTF-8 (byte 0x{byte})",
         "lưu lại tệp bằng UTF-8: trong Excel chọn 'CSV UTF-8 (Comma delimited)'; trong trình soạn thảo chọn "
         "bảng mã UTF-8 (tệp lưu bằng Windows-1258 hay TCVN3 không đọc được)"),
     en=("the file is not UTF-8 (byte 0x{byte})",
         "save it as UTF-8: in Excel choose 'CSV UTF-8 (Comma delimited)'; in an editor choose the UTF-8 "
         "encoding (files saved as Windows-1258 or TCVN3 are not read)"),
     doc="A BOM is fine. Vietnamese files saved by old tools as Windows-1258 or "
         "TCVN3 cannot be read: save them again as UTF-8.")
_add("read-error", ERROR, "files", "a file or folder could not be read",
     vi=(("{folder:?}không đọc được thư mục: {why:t}", "{folder:?}không đọc được thư mục: {reason}",
          "không đọc được tệp: {why:t}", "không đọc được tệp: {reason}"),
         ("{folder:?}cho người dùng chạy xhht quyền đọc thư mục (chmod a+rx), hoặc xoá nó đi",
          "kiểm tra đó là một tệp (không phải thư mục) và có quyền đọc")),
     en=(("{folder:?}cannot read the folder: {why:t}", "{folder:?}cannot read the folder: {reason}",
          "cannot read the file: {why:t}", "cannot read the file: {reason}"),
         ("{folder:?}give the user who runs xhht permission to read it (chmod a+rx), or remove it",
          "check that it is a file (not a folder) and can be read")),
     doc="No permission, for example. A folder of `data/` that cannot be listed is an error, never "
         "skipped: its figures would silently be missing. The reason is the operating system's, worded in the "
         "reader's language for the usual ones (no permission, no such file, a name too long…), else in the "
         "system's own words.")
_add("outside-repo", ERROR, "files", "a file or folder of the repository is a link leading outside it (not read)",
     vi=(("{folder:?}thư mục này là một liên kết dẫn ra ngoài kho: không đọc",
          "tệp này là một liên kết dẫn ra ngoài kho: không đọc"),
         "giữ các tệp của kho bên trong kho; liên kết chỉ được trỏ tới một tệp khác trong kho"),
     en=(("{folder:?}this folder is a link leading outside the repository: it is not read",
          "this file is a link leading outside the repository: it is not read"),
         "keep the tracker's files inside the repository; a link may only point to another file in it"),
     doc="A symbolic link (or `..`) leading outside the repository is never followed, and nothing of what "
         "it points to is shown: a pull request cannot make `xhht check` print `/proc/self/environ` or "
         "`/etc/passwd`. Links between files inside the repository are fine.")
_add("not-regular-file", ERROR, "files", "a FIFO, device, socket or folder where a file is expected (not read)",
     vi=("đây là {kind:t}, không phải một tệp: không đọc", "thay bằng một tệp bình thường, hoặc xoá nó đi"),
     en=("this is {kind:t}, not a file: it is not read", "replace it with a regular file, or remove it"),
     doc="A folder named `x.yaml` in `plans/`, a FIFO named `x.csv` in `data/`, a device or a socket. "
         "It is never opened, so it cannot make the check hang.")
_add("too-large", ERROR, "files", "a file, header or cell beyond the size xhht reads",
     vi=(("tệp có {size} byte, quá {limit} byte xhht đọc", "dòng tiêu đề có {columns} cột, quá {limit} cột xhht đọc",
          "ô này có {chars} ký tự, quá {limit} ký tự xhht đọc"),
         ("{size:?}tách thành nhiều tệp", "{columns:?}dòng tiêu đề chỉ ghi vài cột của tệp",
          "mỗi ô ghi một giá trị; đoạn văn dài để trong văn bản nguồn và trích dẫn")),
     en=(("the file is {size} bytes, more than the {limit} xhht reads",
          "the header has {columns} columns, more than the {limit} xhht reads",
          "this cell has {chars} characters, more than the {limit} xhht reads"),
         ("{size:?}split it into several files", "{columns:?}the header names the file's few columns",
          "a cell holds one value; put long text in a document and cite it")),
     doc="A file larger than 64 MiB (xhht.toml: 64 KiB), a CSV header of more than 64 columns, or a cell "
         "of more than 4,000 characters. The file (or the row) is not read further.")
_add("bad-character", ERROR, "files",
     "a line break other than LF (U+0085, U+2028, U+2029, a lone CR) or a control character (NUL, ESC, a bidi "
     "override…)",
     vi=(("{control:?}ký tự điều khiển {char} ở đây (và {more} lần nữa trong tệp): nó không hiện ra khi xem tệp, "
          "nhưng có thể điều khiển màn hình, nhật ký CI hay đảo chiều dòng chữ",
          "{control:?}ký tự điều khiển {char} ở đây: nó không hiện ra khi xem tệp, nhưng có thể điều khiển màn "
          "hình, nhật ký CI hay đảo chiều dòng chữ",
          "ký tự {char} ở đây (và {more} lần nữa trong tệp): có chương trình coi nó là xuống dòng, có chương trình "
          "không, nên số dòng sẽ lệch nhau",
          "ký tự {char} ở đây: có chương trình coi nó là xuống dòng, có chương trình không, nên số dòng sẽ lệch nhau"),
         ("{control:?}xoá nó đi (thường do sao chép từ một chương trình khác); nó được đọc như một dấu cách",
          "xoá nó đi, hoặc lưu tệp với ký tự xuống dòng thông thường (LF hay CRLF); nó được đọc như một dấu cách")),
     en=(("{control:?}the control character {char} here (and {more} more times in the file): it cannot be seen, "
          "but it can control a terminal or a CI log, or reverse the order of a line",
          "{control:?}the control character {char} here: it cannot be seen, but it can control a terminal or a CI "
          "log, or reverse the order of a line",
          "{char} here (and {more} more times in the file): some programs end a line there and others do not, "
          "so line numbers would disagree",
          "{char} here: some programs end a line there and others do not, so line numbers would disagree"),
         ("{control:?}delete it (it usually comes with text copied from another program); it is read as a space",
          "delete it, or save the file with ordinary line ends (LF or CRLF); it is read as a space")),
     doc="Only a line feed (LF, or CRLF) ends a line. U+0085 (NEXT LINE), U+2028 (LINE SEPARATOR), U+2029 "
         "(PARAGRAPH SEPARATOR) and a lone carriage return end a line for some programs (YAML, Python's "
         "`splitlines`, old Mac files) and not for others, so every line number after them would be wrong. "
         "Control characters (C0 but tab, LF and CR; DEL; C1) and the bidi embeddings, overrides and isolates "
         "(U+202A–U+202E, U+2066–U+2069) are refused too: no text needs them, and they can clear a terminal, "
         "forge a line of a CI log or make a line read otherwise than it is. The first of each is reported, with "
         "how many more, and each is read as a space. `xhht import` refuses them in a form's cells.")
_add("more-problems", ERROR, "files", "more problems of one code in one file than are printed (they are counted)",
     vi=(("{one:?}{warning:?}… và {n:n} cảnh báo `{code}` khác trong {file}",
          "{warning:?}… và {n:n} cảnh báo `{code}` khác trong {file}",
          "{one:?}… và {n:n} lỗi `{code}` khác trong {file}", "… và {n:n} lỗi `{code}` khác trong {file}"),
         "thường sửa một chỗ là hết cả loạt; `xhht check --all` in ra tất cả"),
     en=(("{one:?}{warning:?}… and {n:n} more `{code}` warning in {file}",
          "{warning:?}… and {n:n} more `{code}` warnings in {file}",
          "{one:?}… and {n:n} more `{code}` error in {file}", "… and {n:n} more `{code}` errors in {file}"),
         "one fix often mends the whole run of them; `xhht check --all` prints every one"),
     doc="Not a fault of its own. Identical problems of one cause (the same code and wording: 500,000 rows "
         "of one wrong shape) are said once, with how many more and where the first of them are "
         "(`(và 499.999 dòng khác: data/d.csv:4, …)`; in JSON `others` and `also`). Past 100 different "
         "problems of one code in one file, `xhht check` counts the rest in this one line (in text, "
         "`--format github` and `--format json`, where it is an item of this code after the first 100, with "
         "the severity of those it counts), so a flood gives a short log and not a 100 MB one. The exit code "
         "and the last line count every problem. `xhht check --all` prints every problem, in every format.")
_add("template-error", ERROR, "files", "a repository template (templates/*.j2, templates/report.docx) that fails or is refused",
     vi=(("{syntax:?}không đọc được mẫu báo cáo: {detail}",
          "{sandbox:?}mẫu báo cáo bị hộp cát (sandbox) chặn: {detail}",
          "không dùng được tệp này làm mẫu định dạng của văn bản: {why}",
          "mẫu báo cáo bị lỗi ({kind}): {detail}"),
         ("{syntax:?}sửa cú pháp Jinja, hoặc xoá tệp để dùng mẫu có sẵn",
          "{why:?}mở tệp bằng Word và lưu lại dạng Word Document (.docx), chỉ cần các kiểu định dạng (style); hoặc "
          "xoá tệp để dùng định dạng của Nghị định 30/2020/NĐ-CP",
          "mẫu báo cáo nhận `view` (và `review`) là dữ liệu; xem docs/security.md về những gì một mẫu được làm")),
     en=(("{syntax:?}the template cannot be read: {detail}", "{sandbox:?}the template was stopped by the sandbox: {detail}",
          "this file cannot be the document's style template: {why}",
          "the template failed ({kind}): {detail}"),
         ("{syntax:?}correct the Jinja syntax, or delete the file to use the shipped template",
          "{why:?}open the file in Word and save it again as a Word Document (.docx): only its styles are needed; "
          "or delete it to use the layout of Nghị định 30/2020/NĐ-CP",
          "templates get `view` (and `review`) as data; see docs/security.md for what a template may do")),
     doc="A repository template (`templates/*.j2`, which overrides the shipped template of the same name) "
         "has a Jinja syntax error, uses a variable that does not exist, fails while rendering, or does "
         "something the sandbox refuses (see [security.md](security.md)); or the style template "
         "`templates/report.docx` of `-f docx` and `-f pdf` cannot be used (not a Word document, macro-enabled, "
         "damaged, over 64 MiB or an XML part over 8 MiB unpacked, more than 2,000 styles). `xhht report` stops "
         "with exit 1. The detail of a Jinja error is Jinja's, in English.")
_add("config-syntax", ERROR, "files", "`xhht.toml` is not valid TOML",
     vi=("xhht.toml không đúng cú pháp TOML: {detail}", 'mỗi dòng có dạng khoá = giá trị, ví dụ lang = "vi"'),
     en=("not valid TOML: {detail}", 'each line is key = value, e.g. lang = "vi"'),
     doc="The detail is the TOML reader's, in English.")
_add("unknown-setting", ERROR, "files", "`xhht.toml` has a setting that xhht does not know",
     vi=("thiết lập `{key}` không tồn tại", ("có phải ý là `{guess}`?", "các thiết lập ở đây là: {known}")),
     en=("unknown setting `{key}`", ("did you mean `{guess}`?", "the settings here are: {known}")),
     doc="The settings are `lang`, `strict` and the `[report]` table (`parent_body`, `body`, `place`, "
         "`signer`, `recipients`: [reports.md](reports.md)). Earlier versions reported this as `config-syntax`.")
_add("bad-setting", ERROR, "files", "a setting in `xhht.toml` has a value it cannot take",
     vi=(("thiết lập `{key}` là {value}, không phải một trong: {allowed}", "thiết lập `{key}` phải là {expected:t}"),
         ("viết một trong: {allowed}", "{expected:?}xem bảng [report] trong docs/reports.md")),
     en=(("`{key}` is {value}, not one of {allowed}", "`{key}` must be {expected:t}"),
         ("write one of: {allowed}", "{expected:?}see the [report] table in docs/reports.md")),
     doc="`lang` is `\"vi\"` or `\"en\"`; `strict` is `true` or `false`; in the `[report]` table, "
         "`parent_body`, `body` and `place` are text, `recipients` a list of texts and `signer` a table of "
         "`authority`, `title` and `name` ([reports.md](reports.md)). Earlier versions reported this "
         "as `config-syntax`.")

# ---------------------------------------------------------------- plans

_add("yaml-syntax", ERROR, "plans", "a plan file is not valid YAML",
     vi=(("tệp không đúng cú pháp YAML: {detail}", "{empty:?}tệp rỗng"),
         ("{detail:?}kiểm tra thụt lề, và đặt trong dấu nháy những đoạn chữ có ': ' hay '#'",
          "{empty:?}tệp kế hoạch bắt đầu bằng `id:`, `title:` và `document:`")),
     en=(("not valid YAML: {detail}", "{empty:?}the file is empty"),
         ("{detail:?}check the indentation and that text containing ': ' or '#' is quoted",
          "{empty:?}a plan file starts with `id:`, `title:` and `document:`")),
     doc="The detail is the YAML reader's, in English; the line and column point at the place it "
         "stopped.")
_add("yaml-unsafe", ERROR, "plans", "a plan file uses a tag or alias expansion that is refused",
     vi=(("thẻ {tag} không được dùng", "{merge:?}khoá (<<) gộp bảng không được hỗ trợ",
          "{bomb:?}các bí danh (alias) trong tệp bung ra quá lớn", "{deep:?}tệp lồng nhau quá sâu",
          "khoá của một bảng phải là một giá trị đơn"),
         ("{tag:?}bỏ thẻ đi; tệp kế hoạch chỉ chứa dữ liệu thuần", "{merge:?}viết các khoá ra",
          "{bomb:?}viết các giá trị ra thay cho neo (&) và bí danh (*)",
          "{deep:?}một tệp kế hoạch chỉ lồng vài cấp", "viết khoá là chữ hoặc số")),
     en=(("the tag {tag} is not allowed", "{merge:?}merge keys (<<) are not supported",
          "{bomb:?}aliases in this file expand to an unreasonable size", "{deep:?}the file is nested too deeply",
          "a mapping key must be a plain value"),
         ("{tag:?}remove the tag; plan files hold plain data", "{merge:?}write the keys out",
          "{bomb:?}write the values out instead of using anchors (&) and aliases (*)",
          "{deep:?}a plan file is nested a few levels deep at most", "write the key as text or a number")),
     doc="Plan files hold plain data. Tags such as `!!python/object`, merge keys (`<<`), aliases that "
         "expand to an unreasonable size, and nesting deeper than 50 levels are refused.")
_add("duplicate-key", ERROR, "plans", "the same key appears twice in one mapping",
     vi=("khoá `{key}` xuất hiện hai lần (lần đầu ở dòng {first})",
         "bỏ một trong hai: YAML sẽ lặng lẽ chỉ giữ giá trị sau cùng"),
     en=("the key `{key}` appears twice (first on line {first})",
         "remove one of them: YAML would silently keep only the last value"),
     doc="Plain YAML silently keeps the last of two equal keys and drops the first. Here it is an error.")
_add("unknown-key", ERROR, "plans", "a key that the plan format does not have",
     vi=(("{report:?}khoá `{key}` không có trong phần đầu của tệp báo cáo", "khoá `{key}` không có trong mẫu tệp kế hoạch"),
         ("có phải ý là `{guess}`?", "các khoá ở đây là: {keys}")),
     en=(("{report:?}unknown key `{key}` in the front matter of a report text file", "unknown key `{key}`"),
         ("did you mean `{guess}`?", "the keys here are: {keys}")),
     doc="Also the front matter of a report text file (`reports/*.md`, [reports.md](reports.md)).")
_add("missing-key", ERROR, "plans", "a required key is missing",
     vi=(("thiếu khoá `{key}` trong {parent}", "thiếu khoá `{key}`"),
         ("thêm `{key}:` (các khoá ở đây: {keys})", "thêm `{key}:`")),
     en=(("missing key `{key}` in {parent}", "missing key `{key}`"),
         ("add `{key}:` (keys here: {keys})", "add `{key}:`")))
_add("wrong-type", ERROR, "plans", "a value of the wrong type",
     vi=(("`{path}`: {kind} (đang là {got})", "`{path}`: {kind}", "{standard:?}tệp chuẩn phải là một bảng các khoá "
          "(id:, title:, ...)", "{root:?}tệp kế hoạch phải là một bảng các khoá (id:, title:, ...)"),
         ('{quote:?}đặt trong dấu nháy: {field}: "{value}" (mã chỉ giữ được số 0 đầu khi viết dạng chữ)',
          '{quote_plain:?}đặt trong dấu nháy: {field}: "{value}"',
          "{year_key:?}năm của mục tiêu viết dạng 2015: 25", "{indent:?}kiểm tra thụt lề dưới khoá này",
          "{root:?}bắt đầu tệp bằng `id: ke-hoach-cua-toi`", "{report:?}xem mẫu tệp báo cáo trong docs/reports.md",
          "xem mẫu tệp kế hoạch trong docs/formats.md")),
     en=(("`{path}`: {kind} (got {got})", "`{path}`: {kind}", "{standard:?}a standard file is a mapping of keys "
          "(id:, title:, ...)", "{root:?}a plan file is a mapping of keys (id:, title:, ...)"),
         ('{quote:?}quote it: {field}: "{value}" (a code keeps its leading zeros only as text)',
          '{quote_plain:?}quote it: {field}: "{value}"',
          "{year_key:?}target years are written as 2015: 25", "{indent:?}check the indentation under this key",
          "{root:?}start the file with `id: my-plan`", "{report:?}see the report text format in docs/reports.md",
          "see the plan format in docs/formats.md")),
     doc="Area codes must be quoted so that a leading zero survives (`\"01\"`).")
_add("bad-choice", ERROR, "plans", "a value that is not one of the values its key allows",
     vi=("`{key}` là '{value}', không phải một trong: {choices}", ("có phải ý là `{guess}`?",
                                                                 "viết một trong: {choices}")),
     en=("`{key}` is '{value}', not one of: {choices}", ("did you mean `{guess}`?", "write one of: {choices}")),
     doc="`unit`, `better` and a subunit's `level` take one of a fixed list of words. Earlier versions reported this "
         "as `wrong-type`.")
_add("bad-id", ERROR, "plans", "an id that is not lowercase letters, digits and hyphens",
     vi=("mã '{id}' chỉ được gồm chữ thường a-z, chữ số và dấu gạch ngang", ("viết ví dụ `{fixed}`",
                                                                           "viết ví dụ `ngoai-ngu-a2`")),
     en=("the id '{id}' may hold only lowercase letters a-z, digits and hyphens", ("write e.g. `{fixed}`",
                                                                                  "write e.g. `ngoai-ngu-a2`")),
     doc="Plan and indicator ids are lowercase `a-z`, digits and hyphens.")
_add("duplicate-plan-id", ERROR, "plans", "two plan files use the same id",
     vi=("mã kế hoạch `{id}` đã được dùng ở {other}",
         "mỗi tệp kế hoạch có mã riêng, ví dụ theo cơ quan ban hành và số văn bản: myduc-kh233"),
     en=("the plan id `{id}` is already used by {other}",
         "each plan file has its own id, e.g. the issuer and number: myduc-kh233"))
_add("duplicate-indicator", ERROR, "plans", "one plan or standard lists the same indicator id twice",
     vi=(("{standard:?}chỉ tiêu `{id}` được liệt kê hai lần trong chuẩn này (lần đầu ở dòng {first})",
          "chỉ tiêu `{id}` được liệt kê hai lần trong kế hoạch này (lần đầu ở dòng {first})"),
         ("{standard:?}đặt cho mỗi chỉ tiêu một mã riêng",
          "đặt cho mỗi chỉ tiêu một mã riêng, hoặc gộp các mục tiêu của chúng")),
     en=(("{standard:?}the indicator `{id}` is listed twice in this standard (first on line {first})",
          "the indicator `{id}` is listed twice in this plan (first on line {first})"),
         ("{standard:?}give each indicator its own id", "give each indicator its own id, or merge their targets")))
_add("indicator-conflict", ERROR, "plans",
     "an indicator id is reused with another unit, direction, levels or holds_for",
     vi=(("{standard:?}chỉ tiêu `{id}` là của chuẩn {standard} nhưng ở đây khác {diffs}",
          "chỉ tiêu `{id}` cũng có trong {other} (dòng {line}) nhưng khác {diffs}"),
         ("{standard:?}kế hoạch dùng chỉ tiêu của chuẩn với cùng unit, better, levels và holds_for (xem "
          "`xhht standards`), hoặc đặt mã khác",
          "một mã là một thước đo: dùng cùng unit, better, levels và holds_for, hoặc đặt mã khác")),
     en=(("{standard:?}the indicator `{id}` is the standard {standard}'s, here with another {diffs}",
          "the indicator `{id}` is also in {other} (line {line}) with another {diffs}"),
         ("{standard:?}a plan names a standard's indicator with its unit, better, levels and holds_for (see "
          "`xhht standards`), or uses another id",
          "one id means one measure: use the same unit, better, levels and holds_for, or another id")),
     doc="One indicator id is one measure across the whole repository, its standards included: the same "
         "`unit`, `better`, `levels` and `holds_for` everywhere (that is what lets one figure serve every plan, "
         "for as many years in each). In a parent and a child plan, it is reported in the child plan; a plan's "
         "indicator that a standard defines is reported in the plan.")
_add("bad-holds-for", ERROR, "plans", "`holds_for` that is not a whole number of years from 1 to 200",
     vi=("holds_for phải là một số năm nguyên từ 1 đến {most}, ở đây là {value}",
         "ví dụ holds_for: 3 khi công nhận được bảo lưu trong 3 năm tiếp theo năm được công nhận "
         "(Thông tư 25/2023/TT-BGDĐT); bỏ khoá này nếu số liệu chỉ có giá trị trong năm của nó"),
     en=("holds_for must be a whole number of years from 1 to {most}; here it is {value}",
         "e.g. holds_for: 3 when a recognition holds for the 3 years after the year it was given "
         "(Thông tư 25/2023/TT-BGDĐT); leave the key out when a figure counts for its own year only"),
     doc="`holds_for: N` says that a figure of year Y0 also stands for the N years after it while the "
         "unit has no newer figure ([the comparison rules](commands.md#the-comparison-rules)); N is a whole "
         "number from 1 to 200, written bare (`3`, not `\"3\"` or `3.0`).")
_add("bad-period", ERROR, "plans", "a period that is not a year or a YEAR-YEAR range",
     vi=("{reason}", "viết ví dụ period: 2014-2020"),
     en=("{reason}", "write e.g. period: 2014-2020"))
_add("target-outside-period", ERROR, "plans", "a target year outside the plan's period",
     vi=("năm mục tiêu {year} nằm ngoài thời gian của kế hoạch {start}-{end}", "sửa năm, hoặc `period` của kế hoạch"),
     en=("the target year {year} is outside the plan period {start}-{end}", "correct the year, or the plan's `period`"))
_add("target-out-of-range", ERROR, "plans",
     "a target impossible for its unit (percent outside 0-100, negative count)",
     vi=(("{at}: mục tiêu tỷ lệ '{percent}' nằm ngoài khoảng 0-100", "{at}: mục tiêu số lượng '{count}' là số âm"),
         ("{percent:?}mục tiêu tỷ lệ viết từ 0 đến 100 (95, không phải 0.95 hay 950)",
          "{count:?}số lượng là số nguyên đơn vị hay người, từ 0 trở lên")),
     en=(("{at}: the percent target '{percent}' is outside 0-100", "{at}: the count target '{count}' is negative"),
         ("{percent:?}percent targets are written as 0 to 100 (95, not 0.95 or 950)",
          "{count:?}a count is a whole number of units or people, 0 or more")),
     doc="A percent target is written 0 to 100, as in the plan's text (95, not 0.95).")
_add("target-not-whole", ERROR, "plans", "a count target that is not a whole number",
     vi=("{at}: mục tiêu số lượng '{value}' không phải số nguyên",
         "số lượng là số nguyên; một tỷ lệ thuộc về chỉ tiêu `unit: percent`"),
     en=("{at}: the count target '{value}' is not a whole number",
         "a count is a whole number; a share belongs in a percent indicator"))
_add("target-unknown-level", ERROR, "plans", "a level or label target that is not in `levels`",
     vi=(("{at}: '{value}' không phải một mức trong levels [{levels}]", "{yesno:?}{at}: '{value}' không phải yes hay no"),
         ("{levels:?}dùng một trong: {levels}", "{yesno:?}mục tiêu có/không là `yes` (đạt chuẩn) hoặc `no`",
          "khai báo `levels` của chỉ tiêu")),
     en=(("{at}: '{value}' is not one of the levels [{levels}]", "{yesno:?}{at}: '{value}' is not yes or no"),
         ("{levels:?}use one of: {levels}", "{yesno:?}a yes-no target is `yes` (đạt chuẩn) or `no`",
          "list the indicator's `levels`")),
     doc="For a `level` or `rating` indicator, the target is one of its `levels`; for a `yes-no` "
         "indicator, `yes` or `no`.")
_add("bad-comparator", ERROR, "plans",
     "a target string that is not a number, label, increase/decrease or comparator",
     vi=(("{comparator:?}{at}: '{value}' không phải phép so sánh hợp lệ", "{number:?}{at}: '{value}' không phải một số",
          "{at}: '{value}' không phải một số, increase/decrease hay phép so sánh"),
         ('{comparator:?}viết một trong: ">= 95", "<= 2", "== 3"', "{number:?}viết một số, ví dụ 95",
          'viết ví dụ 95, ">= 95", "<= 2", increase hoặc decrease')),
     en=(("{comparator:?}{at}: '{value}' is not a valid comparator", "{number:?}{at}: '{value}' is not a number",
          "{at}: '{value}' is not a number, increase/decrease or a comparator"),
         ('{comparator:?}write one of ">= 95", "<= 2", "== 3"', "{number:?}write a number, e.g. 95",
          'write e.g. 95, ">= 95", "<= 2", increase or decrease')),
     doc="The comparators are `\">= 95\"`, `\"<= 2\"`, `\"== 3\"`, `\"> 50\"` and `\"< 5\"`; `≥` and `≤` are "
         "accepted too.")
_add("change-not-allowed", ERROR, "plans", "increase/decrease where a value to reach is needed",
     vi=(("{at}: '{value}' không dùng được cho chỉ tiêu `unit: {unit}`", "{at}: '{value}' không dùng được ở đây"),
         ("{unit:?}viết nhãn cần đạt", 'viết điều kiện mỗi đơn vị phải đạt, ví dụ ">= 80"')),
     en=(("{at}: '{value}' does not apply to a {unit} indicator", "{at}: '{value}' cannot be used here"),
         ("{unit:?}write the label to reach instead", 'write what each unit must reach, e.g. ">= 80"')),
     doc="`increase`/`decrease` (tăng/giảm) compare a figure with the year before: they do not apply to a "
         "rating or yes-no indicator, nor to a subunit's `meeting` (what each unit must reach). Earlier versions "
         "reported this as `bad-comparator`.")
_add("missing-levels", ERROR, "plans", "a level or rating indicator without `levels`",
     vi=("chỉ tiêu `unit: {unit}` cần có `levels`, từ thấp đến cao",
         "ví dụ levels: [1, 2, 3] hoặc levels: [Không xếp loại, Trung bình, Khá, Tốt]"),
     en=("a {unit} indicator needs `levels`, worst first",
         "e.g. levels: [1, 2, 3] or levels: [Không xếp loại, Trung bình, Khá, Tốt]"),
     doc="A `level` or `rating` indicator needs `levels`, worst first.")
_add("duplicate-level", ERROR, "plans", "`levels` lists the same level twice",
     vi=("`levels` có mức '{level}' hai lần", "liệt kê mỗi mức một lần, từ thấp đến cao"),
     en=("`levels` lists the level '{level}' twice", "list each level once, worst first"),
     doc="Each level once, worst first. Earlier versions reported this as `missing-levels`.")
_add("levels-not-allowed", ERROR, "plans", "`levels` on an indicator that is not a level or rating",
     vi=("`levels` chỉ dành cho chỉ tiêu `unit: level` và `unit: rating`, không cho `unit: {unit}`",
         "bỏ `levels`, hoặc đặt `unit: level` / `unit: rating`"),
     en=("`levels` is only for level and rating indicators, not {unit}",
         "remove `levels`, or set `unit: level` / `unit: rating`"),
     doc="Earlier versions reported this as `missing-levels`.")
_add("subunit-without-measure", ERROR, "plans", "a `subunits` entry with neither `count` nor `share`",
     vi=("mục `subunits` cần có `count` hoặc `share`",
         'ví dụ count: {{2030: 9}} cho "09 huyện", hoặc share: {{2020: 100}} cho "100% xã"'),
     en=("a subunits entry needs `count` or `share`",
         'e.g. count: {{2030: 9}} for "09 huyện", or share: {{2020: 100}} for "100% xã"'),
     doc="A target on units (\"09 huyện đạt…\", \"100% xã…\") says how many units (`count`) or what "
         "share of them (`share`) by which year. Earlier versions reported this as `missing-key`.")
_add("formula-text", WARNING, "plans", "a name or title that a spreadsheet would read as a formula",
     vi=("'{text}' bắt đầu bằng một ký tự mà bảng tính (Excel, LibreOffice) coi là đầu một công thức (=, +, -, @)",
         "viết lại cho khỏi bắt đầu bằng ký tự đó; biểu `xhht form` ghi nó như chữ, nhưng dán vào một bảng tính "
         "khác nó có thể thành công thức (một liên kết gửi số liệu đi, hay một lệnh)"),
     en=("'{text}' begins with a character a spreadsheet (Excel, LibreOffice) takes for the start of a formula "
         "(=, +, -, @)",
         "reword it so that it does not begin with that character; `xhht form` writes it as text, but pasted "
         "into another spreadsheet it may become a formula (a link that sends the figures away, or a command)"),
     doc="A plan's title, document number and issuer, group titles, indicator names and levels, and the names "
         "in `areas.csv`, a standard's title, document, result, criteria, indicator names and levels, and the "
         "`source` and `note` of a figure in `data/` reach every commune's form, `evaluate`'s workbook, the "
         "spreadsheets officers copy them into and the CSV files they open in a spreadsheet. One that "
         "begins with `=`, `+`, `-`, `@` (or a tab, a line break, or their full-width forms) is a formula or "
         "a DDE call there: `=cmd|' /C calc'!A0`, `=HYPERLINK(\"http://…\"&D3,\"Bấm vào đây\")`. The "
         "forms xhht writes hold such text as text (a string cell with the quote prefix), so the warning is "
         "for the copies; it fails `check` only with `--strict`.")
_add("unknown-parent-plan", ERROR, "plans", "`parent` names a plan id that no plan file has",
     vi=("kế hoạch cấp trên `{parent}` không có trong plans/ (các kế hoạch: {plans})",
         "thêm plans/{parent}.yaml chép văn bản cấp trên, hoặc bỏ `parent`"),
     en=("the parent plan `{parent}` is not in plans/ (plans: {plans})",
         "add plans/{parent}.yaml transcribing the parent document, or remove `parent`"))
_add("plan-cycle", ERROR, "plans", "plans whose `parent` links form a cycle (a plan its own parent)",
     vi=("`parent` của các kế hoạch tạo thành một vòng (một kế hoạch thành cấp trên của chính nó): {cycle}",
         "`parent` ghi mã kế hoạch cấp trên mà kế hoạch này thực hiện (căn cứ); sửa hoặc bỏ một `parent` trong vòng"),
     en=("plans whose parents form a cycle: {cycle}",
         "`parent` names the higher plan this one implements; correct or remove one `parent` of the cycle"),
     doc="A plan that names itself as `parent`, or plans whose `parent` links come back round (like `area-cycle` "
         "for areas). Reported once per cycle, at the `parent` of the plan with the smallest id.")
_add("unknown-plan-area", ERROR, "plans", "a plan's `area` is not in areas.csv",
     vi=("địa bàn '{area}' của kế hoạch không có trong areas.csv", "thêm địa bàn vào areas.csv, hoặc sửa mã"),
     en=("the plan's area '{area}' is not in areas.csv", "add the area to areas.csv, or correct the code"))

# ---------------------------------------------------------------- standard files

_add("duplicate-standard", ERROR, "standards", "two standards have the same id (a repository's may not take a shipped one's)",
     vi=(("{shipped:?}mã chuẩn `{id}` là của một chuẩn xhht có sẵn ({other})",
          "mã chuẩn `{id}` đã được dùng ở {other}"),
         ("{shipped:?}chuẩn có sẵn không thay được bằng một tệp trong standards/: đặt mã khác cho chuẩn của kho",
          "mỗi tệp chuẩn có mã riêng")),
     en=(("{shipped:?}the standard id `{id}` is that of a standard xhht ships ({other})",
          "the standard id `{id}` is already used by {other}"),
         ("{shipped:?}a shipped standard cannot be replaced by a file in standards/: give the repository's own "
          "standard another id", "each standard file has its own id")),
     doc="`xhht standards` lists the ids in use. A standard with an error is not loaded at all, so that no level "
         "is derived from part of its criteria; its indicators' figures are checked once it is fixed.")
_add("standard-indicator-taken", ERROR, "standards", "an indicator id that another standard already defines",
     vi=("chỉ tiêu `{id}` đã được định nghĩa trong chuẩn {standard}",
         "mỗi chỉ tiêu thuộc một chuẩn: đặt mã khác (ví dụ thêm mã của chuẩn vào đầu)"),
     en=("the indicator `{id}` is already defined by the standard {standard}",
         "an indicator belongs to one standard: use another id (e.g. prefixed with the standard's)"))
_add("standard-bad-level", ERROR, "standards", "a threshold for a level that the standard's result does not have",
     vi=(("{few:?}kết quả của chuẩn cần ít nhất hai mức: mức chưa đạt và một mức được công nhận",
          "'{level}' không phải một mức được công nhận của kết quả"),
         ("{few:?}ví dụ levels: [Chưa đạt, Mức độ 1, Mức độ 2]",
          "{recognised:?}ngưỡng được đặt cho các mức: {recognised} (mức đầu của result.levels là chưa đạt, không có ngưỡng)",
          "thêm mức vào result.levels")),
     en=(("{few:?}a standard's result needs at least two levels: not reached, and one recognised level",
          "'{level}' is not a recognised level of the result"),
         ("{few:?}e.g. levels: [Chưa đạt, Mức độ 1, Mức độ 2]",
          "{recognised:?}thresholds are given for the levels: {recognised} (the first of result.levels is 'not reached' and "
          "has none)", "add the level to result.levels")),
     doc="The keys of `at` (and of each tag under `tagged`) are the result's levels above the lowest, written "
         "as in `result.levels`.")
_add("bad-share", ERROR, "standards", "a share of lower units that is not written as the format says",
     vi=(("{own:?}tỷ lệ đơn vị cấp dưới phải đếm các đơn vị dưới cấp `{own}`, không phải cấp `{level}`",
          "{unit:?}chỉ tiêu là tỷ lệ đơn vị cấp dưới phải có `unit: percent`, không phải {unit}",
          "{sublevel:?}`{indicator}` không phải chỉ tiêu kết quả của một chuẩn cấp `{sublevel}`",
          "{mapping:?}ngưỡng dạng {{meeting, share}} chỉ dành cho chỉ tiêu có `subunits`",
          "{plain:?}ngưỡng của một tỷ lệ đơn vị cấp dưới phải viết dạng {{meeting: …, share: …}}"),
         ("{own:?}ví dụ chuẩn cấp huyện đếm xã: subunits: {{level: xa, indicator: cdht-xa}}",
          "{unit:?}đặt `unit: percent`: chỉ tiêu là tỷ lệ % số đơn vị đạt",
          "{results:?}các chỉ tiêu kết quả cấp đó: {results}",
          "{sublevel:?}thêm chuẩn của cấp đó, hoặc sửa mã",
          "{mapping:?}viết một ngưỡng, ví dụ \">= 60\", hoặc thêm `subunits`",
          '{plain:?}ví dụ Mức độ 1: {{meeting: ">= Mức độ 1", share: ">= 90"}}')),
     en=(("{own:?}a share of lower units counts units below the level `{own}`, not `{level}`",
          "{unit:?}a share of lower units has `unit: percent`, not {unit}",
          "{sublevel:?}`{indicator}` is not the result indicator of a standard of level `{sublevel}`",
          "{mapping:?}a {{meeting, share}} threshold is only for an indicator with `subunits`",
          "{plain:?}a threshold on a share of lower units is written {{meeting: …, share: …}}"),
         ("{own:?}e.g. a district standard counts communes: subunits: {{level: xa, indicator: cdht-xa}}",
          "{unit:?}set `unit: percent`: the indicator is the share (%) of units meeting it",
          "{results:?}the result indicators of that level: {results}",
          "{sublevel:?}add the standard of that level, or correct the id",
          "{mapping:?}write one threshold, e.g. \">= 60\", or add `subunits`",
          '{plain:?}e.g. Mức độ 1: {{meeting: ">= Mức độ 1", share: ">= 90"}}')),
     doc="Thông tư 25/2023's district and province standards count the share of their communes (districts) "
         "recognised at a level: `subunits: {level: xa, indicator: cdht-xa}` names where the results come from, "
         "and each threshold is `{meeting: \">= Mức độ 1\", share: \">= 90\"}`.")
_add("level-disagrees", WARNING, "standards",
     "a recorded result of a standard differs from the level its unit's own figures give",
     vi=(("{failing:?}`{id}` của {name} ({area}) năm {year} ghi '{recorded}', nhưng theo số liệu các chỉ tiêu thì "
          "kết quả là '{derived}': chưa đạt {recorded} ở tiêu chí {failing}",
          "`{id}` của {name} ({area}) năm {year} ghi '{recorded}', nhưng theo số liệu các chỉ tiêu thì kết quả là "
          "'{derived}': đạt tất cả các tiêu chí của {derived}"),
         "xem từng chỉ tiêu: xhht evaluate {standard} --year {year} --area {area}; sửa số liệu, hoặc xem lại "
         "quyết định công nhận"),
     en=(("{failing:?}`{id}` of {name} ({area}) in {year} is recorded as '{recorded}', but the figures of its "
          "indicators give '{derived}': {recorded} is not reached in criteria {failing}",
          "`{id}` of {name} ({area}) in {year} is recorded as '{recorded}', but the figures of its indicators give "
          "'{derived}': every criterion of {derived} is met"),
         "see each indicator: xhht evaluate {standard} --year {year} --area {area}; correct the figures, or review "
         "the decision"),
     doc="A recorded result (the decision, typed as a figure of the standard's result indicator) is what plans "
         "judge; the derived one serves only where none is recorded. When the unit's own figures give another "
         "level, the warning names the criteria that decide. An undetermined derived result (a figure missing) "
         "is no disagreement.")

# ---------------------------------------------------------------- areas.csv

_add("duplicate-area", ERROR, "areas", "two rows of areas.csv have the same code",
     vi=("mã {code} đã được dùng ở dòng {first}", "mỗi đơn vị một dòng; mã là mã đơn vị hành chính chính thức"),
     en=("the code {code} is already used on line {first}",
         "each unit has one row; codes are the official administrative codes"))
_add("area-unknown-parent", ERROR, "areas", "an area's parent is not in areas.csv",
     vi=("đơn vị cấp trên {parent} của {code} không có trong areas.csv", "thêm dòng của đơn vị cấp trên, hoặc sửa mã"),
     en=("the parent {parent} of {code} is not in areas.csv", "add the parent's row, or correct the code"))
_add("area-cycle", ERROR, "areas", "areas whose parents form a cycle",
     vi=("các đơn vị này là cấp trên của nhau: {cycle}", "một trong số đó ghi sai cấp trên"),
     en=("these areas are each other's parents: {cycle}", "one of them has the wrong parent"))
_add("area-bad-level", ERROR, "areas", "an area level that is not quocgia, tinh, huyen or xa",
     vi=("cấp '{level}' không tồn tại",
         ("{guess:?}viết {guess}: cấp viết không dấu, là quocgia (cả nước, mã VN), tinh, huyen hoặc xa; phường, thị "
          "trấn, đặc khu là xa; quận, thị xã, thành phố thuộc tỉnh là huyen",
          "cấp viết không dấu, là quocgia (cả nước, mã VN), tinh, huyen hoặc xa; phường, thị trấn, đặc khu là xa; "
          "quận, thị xã, thành phố thuộc tỉnh là huyen")),
     en=("unknown level '{level}'",
         ("{guess:?}write {guess}: the level is written without tone marks, quocgia (the nation, code VN), tinh, "
          "huyen or xa; a phường, thị trấn or đặc khu is xa; a quận, thị xã or thành phố thuộc tỉnh is huyen",
          "the level is written without tone marks, quocgia (the nation, code VN), tinh, huyen or xa; a phường, "
          "thị trấn or đặc khu is xa; a quận, thị xã or thành phố thuộc tỉnh is huyen")),
     doc="The level says where a unit sits, whatever its kind: a *phường*, *thị trấn* or *đặc khu* is `xa`; a "
         "*quận*, *thị xã* or *thành phố thuộc tỉnh* is `huyen`. A level written in Vietnamese (`xã`, `Phường`, "
         "`tỉnh`) gets the word to write.")
_add("area-bad-code", ERROR, "areas", "an area code that cannot name a file (a slash, a space, a leading dot, a Windows device name, too long, another code but for case…)",
     vi=(("mã đơn vị '{code}' có ký tự không dùng được trong tên tệp ({char}): mã là tên của biểu gửi đơn vị đó",
          "mã đơn vị '{code}' dài quá {limit} ký tự, không làm tên tệp được: mã là tên của biểu gửi đơn vị đó",
          "{device:?}mã đơn vị '{code}' là tên Windows dành cho thiết bị (CON, NUL, COM1…), không làm tên tệp được: "
          "mã là tên của biểu gửi đơn vị đó",
          "mã đơn vị '{code}' chỉ khác mã '{other}' (dòng {first}) ở chữ hoa, chữ thường: trên Windows và macOS, "
          "biểu của hai đơn vị là một tệp"),
         "viết mã chính thức của đơn vị (chữ số, chữ cái, dấu gạch ngang), ví dụ 282 hay VN"),
     en=(("the area code '{code}' has a character a file name cannot hold ({char}): the code names the unit's form",
          "the area code '{code}' is longer than {limit} characters, too long for a file name: the code names the "
          "unit's form",
          "{device:?}the area code '{code}' is a name Windows keeps for a device (CON, NUL, COM1…) and cannot name a "
          "file: the code names the unit's form",
          "the area code '{code}' differs from '{other}' (line {first}) only in case: on Windows and macOS the two "
          "units' forms are one file"),
         "write the unit's official code (digits, letters, hyphens), e.g. 282 or VN"),
     doc="A unit's code names its form (`xhht form --each LEVEL -o DIR` writes `DIR/<code>.xlsx`) and the "
         "data rows of its figures, so it holds nothing that a file name cannot: no `/` or `\\` (a code "
         "`../../x` would write outside DIR), no space, no `:*?\"<>|` (refused by Windows), no leading or final "
         "dot (a hidden file, `..`, or a name Windows shortens), at most 60 characters, and not a name Windows "
         "keeps for a device (`CON`, `NUL`, `COM1`…, with or without an extension). Two codes that differ only "
         "in case (`hx`, `HX`) would be one file on Windows and macOS: the later is this error. The row is not "
         "loaded.")
_add("bad-tag", ERROR, "areas", "a tag in the `tags` column of areas.csv that is not lowercase letters, digits and hyphens",
     vi=("thẻ '{tag}' chỉ được gồm chữ thường a-z, chữ số và dấu gạch ngang", ("viết `{fixed}`",
                                                                              "viết ví dụ `kho-khan`")),
     en=("the tag '{tag}' may hold only lowercase letters a-z, digits and hyphens", ("write `{fixed}`",
                                                                                     "write e.g. `kho-khan`")),
     doc="`tags` holds words separated by spaces, each of `[a-z0-9-]`, that a standard treats apart: "
         "`kho-khan` marks a xã thuộc vùng khó khăn, whose thresholds Thông tư 25/2023/TT-BGDĐT sets lower "
         "(docs/standards.md). The unit keeps its other tags.")
_add("area-level-order", ERROR, "areas", "an area that does not sit below its parent's level",
     vi=("{code} ({level}) không thể trực thuộc {parent} ({parent_level})",
         "tinh trực thuộc quocgia (VN); huyen trực thuộc tinh; xa trực thuộc huyen (hoặc, từ 2025, trực thuộc "
         "thẳng tinh)"),
     en=("{code} ({level}) cannot sit under {parent} ({parent_level})",
         "a tinh sits under the quocgia unit (VN); a huyen under a tinh; a xa under a huyen (or, since 2025, "
         "directly under a tinh)"),
     doc="Levels go quocgia > tinh > huyen > xa, and a unit sits below its parent's level. A `xa` directly "
         "under a `tinh` is accepted: since the 2025 reform communes belong directly to their province. Earlier versions reported "
         "this as `area-bad-level`.")
_add("area-bad-date", ERROR, "areas", "a validity date in areas.csv or area-changes.csv that is not an ISO date, or ends before it starts",
     vi=(("ngày {value} ở cột `{column}` kết thúc trước ngày bắt đầu {start:?}{start}", "ngày '{value}' ở cột `{column}` không viết đúng dạng YYYY-MM-DD từ 1900 đến 2100"),
         "viết ngày theo dạng 2025-06-30; valid_to không được trước valid_from"),
     en=(("the date {value} in `{column}` ends before the start {start:?}{start}", "'{value}' in `{column}` is not a date written YYYY-MM-DD between 1900 and 2100"),
         "write dates as 2025-06-30; valid_to may not come before valid_from"),
     doc="`valid_from` and `valid_to` ([formats.md](formats.md#areas-areascsv)) are ISO dates, empty for an open end; the `date` of "
         "area-changes.csv likewise.")
_add("area-not-valid", ERROR, "areas", "a figure whose area code names no unit valid in its year",
     vi=("mã {code} không chỉ đơn vị nào có hiệu lực ngày 31/12/{year}", "đơn vị mang mã này có hiệu lực: {dates}; số liệu năm {year} phải "
         "ghi theo đơn vị có hiệu lực năm đó (xem area-changes.csv)"),
     en=("the code {code} names no unit valid on 31 December {year}", "the units with this code are valid {dates}; a figure of {year} "
         "belongs to the unit valid that year (see area-changes.csv)"),
     doc="A figure of year Y is of the unit valid on 31 December of Y ([reform.md](reform.md)). After the 2025 reform a "
         "figure of 2026 for a district, or for an old commune, names a unit that no longer exists.")
_add("area-change-unknown", ERROR, "areas", "a row of area-changes.csv names a unit not valid on the right day",
     vi=(("`{column}` {code} không chỉ đơn vị nào có hiệu lực ngày {day} (các đơn vị mang mã này: {dates})",
          "`{column}` {code} không chỉ đơn vị nào có hiệu lực ngày {day}"),
         "`old` là đơn vị có hiệu lực ngày trước `date`, `new` là đơn vị có hiệu lực từ `date`: kiểm tra mã và valid_from/valid_to"),
     en=(("`{column}` {code} names no unit valid on {day} (units with this code: {dates})",
          "`{column}` {code} names no unit valid on {day}"),
         "`old` names the unit valid the day before `date`, `new` the unit valid on `date`: check the code and "
         "valid_from/valid_to"))
_add("area-change-dates", ERROR, "areas", "a unit that went wholly into another is still valid afterwards",
     vi=("{code} đã nhập toàn bộ vào đơn vị khác ngày {day} nhưng areas.csv vẫn để hiệu lực {dates}",
         "đặt valid_to của {code} là ngày trước {day}, hoặc ghi whole = no"),
     en=("{code} went wholly into another unit on {day} but areas.csv keeps it valid {dates}",
         "set {code}'s valid_to to the day before {day}, or write whole = no"))
_add("area-change-conflict", ERROR, "areas", "two rows of area-changes.csv contradict each other",
     vi=("dòng này mâu thuẫn với dòng {line}: {code} ngày {day} đã được ghi (nhập toàn bộ, hoặc vào cùng đơn vị)",
         "một đơn vị nhập toàn bộ vào đúng một đơn vị mới; nếu nó chia cho nhiều đơn vị, ghi whole = no ở mỗi dòng"),
     en=("this row contradicts line {line}: {code} on {day} is already accounted for (wholly, or into the same unit)",
         "a unit goes wholly into exactly one new unit; split between several, each row says whole = no"))
_add("area-change-whole", ERROR, "areas", "`whole` in area-changes.csv is not yes or no",
     vi=("`whole` là '{value}', không phải yes hoặc no", "yes khi toàn bộ đơn vị cũ nhập vào đơn vị mới, no khi một phần"),
     en=("`whole` is '{value}', not yes or no", "yes when all of the old unit went into the new one, no for a part"))
_add("area-change-incomplete", ERROR, "areas", "an ended unit whose territory area-changes.csv does not fully account for",
     vi=(("{code} ({name}) kết thúc trước {day} nhưng chỉ có một phần đi vào {new}: phần còn lại đi đâu?",
          "{code} ({name}) kết thúc trước {day} nhưng area-changes.csv không ghi nó đi vào đơn vị nào"),
         ("thêm dòng cho phần còn lại (whole = no), hoặc ghi whole = yes nếu toàn bộ đơn vị nhập vào {new}",
          "thêm vào area-changes.csv dòng {day},{code},<mã đơn vị mới>,yes")),
     en=(("{code} ({name}) ended before {day} but only part of it went into {new}: where did the rest go?",
          "{code} ({name}) ended before {day} but area-changes.csv does not say where it went"),
         ("add a row for the rest (whole = no), or write whole = yes if all of it went into {new}",
          "add the row {day},{code},<new code>,yes to area-changes.csv")),
     doc="As [formats.md](formats.md#administrative-changes-area-changescsv) requires, every ended unit with a successor is fully accounted for, by a `whole = yes` row or by "
         "its parts going into two or more new units.")

# ---------------------------------------------------------------- CSV

_add("csv-syntax", ERROR, "csv", "a CSV line that cannot be parsed (bad quoting)",
     vi=(("không đọc được dòng CSV này: {why:t}", "không đọc được dòng CSV này: {detail}"),
         'ô có dấu phẩy hay dấu nháy kép được đặt trong dấu nháy kép, dấu " bên trong viết đôi ""'),
     en=(("cannot read this CSV line: {why:t}", "cannot read this CSV line: {detail}"),
         'a cell containing a comma or a quote is written in double quotes, with " doubled inside'),
     doc="What is wrong is said in the reader's language for the usual faults (a quote never closed, a "
         "character after a closing quote, a line break in a cell without quotes), else in the CSV reader's "
         "own words.")
_add("csv-separator", ERROR, "csv", "a CSV file separated by `;` or tabs instead of commas",
     vi=("các cột được phân cách bằng {sep}, không phải dấu phẩy",
         "Excel đặt ngôn ngữ tiếng Việt lưu CSV với dấu `;`: lưu bằng 'CSV UTF-8 (Comma delimited)' với dấu phân "
         "cách danh sách là dấu phẩy (hoặc dùng `xhht import`); với dấu phẩy, dòng tiêu đề là {header}"),
     en=("the columns are separated by {sep}, not by commas",
         "Excel set to Vietnamese saves CSV with `;`: save as 'CSV UTF-8 (Comma delimited)' with a comma list "
         "separator (or use `xhht import`); with commas the header reads {header}"),
     doc="What Excel writes when Windows is set to Vietnamese (the list separator is `;`), or a file saved "
         "as tab-separated text. The file is not read further.")
_add("missing-header", ERROR, "csv", "a CSV file without a header row",
     vi=("tệp không có dòng tiêu đề", "dòng đầu tiên ghi tên các cột"),
     en=("the file has no header row", "the first line names the columns"),
     doc="An empty file, or one of blank lines only. Earlier versions reported this as `csv-syntax`.")
_add("unknown-column", ERROR, "csv", "a column that the file does not have",
     vi=("cột `{column}` không có trong mẫu tệp", ("có phải ý là `{guess}`?", "các cột là: {columns}")),
     en=("unknown column `{column}`", ("did you mean `{guess}`?", "the columns are: {columns}")))
_add("missing-column", ERROR, "csv", "a required column is missing",
     vi=(("thiếu cột bắt buộc `{column}`", "{value_or_fraction:?}tệp cần cột `value`, hoặc cả hai cột "
          "`numerator` và `denominator`"),
         ("{column:?}dòng tiêu đề phải có: {required}", "{value_or_fraction:?}thêm cột value (và, nếu có, "
          "numerator,denominator)")),
     en=(("the required column `{column}` is missing", "{value_or_fraction:?}the file needs a `value` column, "
          "or both `numerator` and `denominator`"),
         ("{column:?}the header must name: {required}", "{value_or_fraction:?}add value (and optionally "
          "numerator,denominator)")))
_add("duplicate-column", ERROR, "csv", "a column named twice in the header",
     vi=("cột `{column}` có tên hai lần", "bỏ một trong hai"),
     en=("the column `{column}` is named twice", "remove one of them"))
_add("ragged-row", ERROR, "csv", "a row with more or fewer fields than the header",
     vi=("dòng này có {cells} ô, dòng tiêu đề có {width}",
         ("{figures:?}mỗi dòng có một ô cho mỗi cột: dấu phẩy thập phân (71,4) tách một ô làm hai; viết 71.4, "
          "và đặt trong dấu nháy kép chữ có dấu phẩy",
          "mỗi dòng có một ô cho mỗi cột; đặt trong dấu nháy kép tên có dấu phẩy")),
     en=("this row has {cells} fields, the header {width}",
         ("{figures:?}every row has one field per column: a decimal comma (71,4) splits a field; write 71.4, "
          "and quote text that contains a comma",
          "every row has one field per column; quote a name containing a comma")),
     doc="The usual cause is a decimal comma: `71,4` "
         "unquoted is two fields.")
_add("missing-value", ERROR, "csv", "a required cell is empty",
     vi=(("{figure:?}ô `{column}` của số liệu này để trống", "{area:?}ô `{column}` của đơn vị này để trống",
          "{no_value:?}số liệu này không có giá trị"),
         ("{figure:?}điền ô `{column}`: mỗi số liệu có chỉ tiêu, địa bàn và năm", "{area:?}điền ô `{column}` của đơn vị",
          "{no_value:?}ghi giá trị, hoặc cả tử số và mẫu số")),
     en=(("{figure:?}the `{column}` of this figure is empty", "{area:?}the `{column}` of this area is empty",
          "{no_value:?}this figure has no value"),
         ("{figure:?}fill in the `{column}`: every figure has an indicator, area and period",
          "{area:?}fill in the `{column}` of the area", "{no_value:?}write the value, or both numerator and denominator")),
     doc="The required cells are a figure's `indicator`, `area`, `period`, and its `value` (or both "
         "`numerator` and `denominator`); an area's `code`, `name`, `level`.")

# ---------------------------------------------------------------- figures

_add("unknown-indicator", ERROR, "figures", "a figure for an indicator that no plan defines",
     vi=("không kế hoạch nào có chỉ tiêu `{id}`", ("có phải ý là `{guess}`?",
                                                  "thêm chỉ tiêu vào một kế hoạch trong plans/, hoặc sửa mã")),
     en=("no plan defines the indicator `{id}`", ("did you mean `{guess}`?", "add it to a plan in plans/, or correct "
                                                                            "the id")),
     doc="Figures of an indicator that a plan file too broken to load also uses are not reported: they are "
         "judged once that plan is fixed. The ids of such a file are read by a tolerant scan of its `id:` "
         "lines when it is not YAML at all (a TAB), not UTF-8, or not a plan.")
_add("unknown-area", ERROR, "figures", "a figure for an area that is not in areas.csv",
     vi=("địa bàn '{area}' không có trong areas.csv", "thêm một dòng cho địa bàn vào areas.csv (mã giữ số 0 đầu: 01 "
                                                      "là Hà Nội)"),
     en=("the area '{area}' is not in areas.csv", "add a row for it to areas.csv (codes keep leading zeros: 01 for "
                                                  "Hà Nội)"))
_add("bad-figure-period", ERROR, "figures", "a figure period that is not a year",
     vi=("kỳ '{period}' không phải một năm", "chỉ ghi năm, ví dụ 2015"),
     en=("the period '{period}' is not a year", "write the year alone, e.g. 2015"))
_add("non-canonical-number", ERROR, "figures",
     "a number not written in canonical form (dot decimal, no separators, no %)",
     vi=("{what:t} '{text}' không viết đúng dạng số chuẩn",
         ("{typed:?}nhập bằng chữ số như hướng dẫn của biểu: tỷ lệ như 71,4 (dấu phẩy thập phân), số lượng như "
          "396953 hoặc 396.953",
          "{value:?}viết {fixed} (dấu chấm thập phân, không dấu phân cách hàng nghìn, không %)", "viết {fixed}",
          "viết bằng chữ số, dấu chấm thập phân; không khoảng trắng, dấu phân cách hay %")),
     en=("{what:t} '{text}' is not written as a plain number",
         ("{typed:?}type digits as the form's guide says: a percent as 71,4 (decimal comma), a count as 396953 "
          "or 396.953",
          "{value:?}write {fixed} (a dot for decimals; no thousands separator, no %)", "write {fixed}",
          "write digits with a dot for decimals, no spaces, separators or %")),
     doc="Numbers in data files are canonical: digits, a dot for decimals, no thousands separator, no `%`. "
         "The hint gives the canonical form of what was written Vietnamese-style: `71,4` → `71.4`, `87%` → "
         "`87`, `2.540` (a count) → `2540`, `396.953` (a count) → `396953`, `1 200` → `1200`.")
_add("percent-out-of-range", ERROR, "figures", "a percent figure outside 0-100",
     vi=("tỷ lệ {text} nằm ngoài khoảng 0-100", "viết tỷ lệ từ 0 đến 100 (87, không phải 0.87)"),
     en=("the percent {text} is outside 0-100", "write a percent as 0 to 100 (87, not 0.87)"))
_add("negative-count", ERROR, "figures", "a negative count",
     vi=("{what:t} {text} là số âm", "số lượng từ 0 trở lên"),
     en=("{what:t} {text} is negative", "counts are 0 or more"))
_add("fractional-count", ERROR, "figures", "a count, numerator or denominator that is not a whole number",
     vi=(("{what:t} {text} không phải số nguyên", "số lượng {text} không phải số nguyên"),
         ("{what:?}tử số và mẫu số đếm người hay đơn vị: là số nguyên", "số lượng là số nguyên đơn vị hay người")),
     en=(("{what:t} {text} is not a whole number", "the count {text} is not a whole number"),
         ("{what:?}a numerator or denominator counts people or units: a whole number",
          "a count is a whole number of units or people")))
_add("number-too-long", ERROR, "figures", "a number with more than 40 digits before or after the decimal point",
     vi=(("{at}: {text}: số có nhiều chữ số hơn mức xhht tính chính xác ({max_int} chữ số trước dấu thập phân "
          "và {max_places} sau)",
          "{what:t} {text}: số có nhiều chữ số hơn mức xhht tính chính xác ({max_int} chữ số trước dấu thập phân "
          "và {max_places} sau)",
          "số có nhiều chữ số hơn mức xhht tính chính xác ({max_int} chữ số trước dấu thập phân và {max_places} sau)"),
         "viết số đã làm tròn theo độ chính xác của văn bản nguồn"),
     en=(("{at}: {text}: the number has more digits than xhht computes exactly ({max_int} before the decimal "
          "point and {max_places} after it)",
          "{what:t} {text}: the number has more digits than xhht computes exactly ({max_int} before the decimal "
          "point and {max_places} after it)",
          "the number has more digits than xhht computes exactly ({max_int} before the decimal point and "
          "{max_places} after it)"),
         "write the number rounded to the precision the source document gives"),
     doc="xhht computes exactly (Python's `Decimal`) with numbers of up to 40 digits before the decimal point "
         "and 40 after it, in figures and in targets. A longer number is refused where it is written; the "
         "limit is checked on the text, so `1e999999999` cannot make xhht build a billion digits.")
_add("negative-zero", WARNING, "figures", "`-0` written for 0 (read as 0)",
     vi=("{what:t} {text} được đọc là 0", "viết 0: dấu trừ trước số 0 không có nghĩa"),
     en=("{what:t} {text} is read as 0", "write 0: a minus sign on zero means nothing"),
     doc="A warning: `-0` (or `-0.0`) is read as 0, so that no report shows \"-0%\".")
_add("unknown-level", ERROR, "figures", "a level, label or yes/no value that is not in `levels`",
     vi=("'{text}' không phải một mức của {id}: {levels}", ("có phải ý là '{guess}'?", "viết một trong: {levels}")),
     en=("'{text}' is not one of the levels of {id}: {levels}", ("did you mean '{guess}'?", "write one of: {levels}")))
_add("incomplete-fraction", ERROR, "figures", "a numerator without a denominator, or the reverse",
     vi=("tử số và mẫu số phải ghi cùng nhau: thiếu {missing:t}",
         ("{no_value:?}ghi {missing:t} (hoặc ghi giá trị của tỷ lệ)", "ghi cả hai, hoặc không ghi cả hai")),
     en=("numerator and denominator go together: {missing:t} is missing",
         ("{no_value:?}write {missing:t} (or the percent's value)", "write both, or neither")),
     doc="Earlier versions reported this as `missing-value`.")
_add("zero-denominator", ERROR, "figures", "a denominator of 0",
     vi=("mẫu số bằng 0", "tỷ lệ trên 0 đơn vị không có giá trị: bỏ dòng này đi"),
     en=("the denominator is 0", "a percent of nothing has no value: leave the row out"),
     doc="Earlier versions reported this as `missing-value`.")
_add("fraction-not-percent", ERROR, "figures", "numerator/denominator given for an indicator that is not a percent",
     vi=("tử số/mẫu số chỉ dành cho chỉ tiêu tỷ lệ; {id} là chỉ tiêu `unit: {unit}`", "chỉ ghi giá trị"),
     en=("numerator/denominator are for percent indicators; {id} is a {unit}", "write the value alone"),
     doc="Earlier versions reported this as `wrong-type`.")
_add("numerator-exceeds-denominator", ERROR, "figures", "a numerator larger than its denominator",
     vi=("tử số {num} lớn hơn mẫu số {den}", "tử số là số đơn vị (hay số người) đạt, tính trong số của mẫu số, nên không lớn hơn mẫu số"),
     en=("the numerator {num} is larger than the denominator {den}",
         "numerator counts those who reached the target among the denominator"))
_add("value-disagrees", ERROR, "figures", "`value` does not agree with 100 × numerator / denominator",
     vi=("giá trị {value} không khớp với 100 × {num} / {den} = {expected}",
         "ghi giá trị {expected}, hoặc sửa tử số hay mẫu số"),
     en=("value {value} disagrees with 100 × {num} / {den} = {expected}",
         "write value {expected}, or correct the numerator or denominator"),
     doc="With `numerator` and `denominator`, `value` must equal 100 × numerator / denominator rounded "
         "(half up) to the decimals `value` is written with: `33.33` agrees with 4/12, `33.4` does not.")
_add("duplicate-figure", ERROR, "figures", "a second figure for the same indicator, area and period",
     vi=(("số liệu thứ hai cho {id}, địa bàn {area}, năm {year} (số liệu đầu ở dòng {line})",
          "số liệu thứ hai cho {id}, địa bàn {area}, năm {year} (số liệu đầu ở {where})"),
         "mỗi chỉ tiêu, địa bàn và năm chỉ một số liệu; xoá số liệu kia"),
     en=(("a second figure for {id}, area {area}, {year} (the first is at line {line})",
          "a second figure for {id}, area {area}, {year} (the first is at {where})"),
         "keep one figure per indicator, area and year; delete the other"),
     doc="One figure per (indicator, area, period) across all files, even when equal.")

# ---------------------------------------------------------------- xhht import (forms, Excel-style CSV)

_IMPORT_DOC = ("Raised by `xhht import` ([collecting.md](collecting.md)), which places a problem at its cell: "
               "`FILE.xlsx:Số liệu!D4`, or `FILE.csv:LINE:FIELD`; any error, and nothing is written. The example "
               "imports `so-lieu.csv`.")
_add("ambiguous-number", ERROR, "import", "a number typed in a form that can be read two ways",
     vi=(("'{text}' có thể hiểu hai cách: tỷ lệ {decimal}% (dấu chấm thập phân) hay {thousands} "
          "(dấu chấm hàng nghìn)?{percent:?}",
          "'{text}' có thể hiểu hai cách với một số nguyên: {thousands} (dấu phẩy hàng nghìn) hay {decimal} "
          "(dấu phẩy thập phân)?{whole:?}",
          "ô được định dạng phần trăm ({text}%) nhưng là {what:t} của một chỉ tiêu {unit}{formatted:?}"),
         ("viết tỷ lệ với dấu phẩy thập phân ({comma}), hoặc dấu chấm nhưng không đủ ba chữ số thập phân"
          "{percent:?}",
          "viết {thousands}, không dấu phân cách (hoặc {dotted} với dấu chấm hàng nghìn){whole:?}",
          "định dạng ô là Number rồi nhập lại số liệu{formatted:?}")),
     en=(("'{text}' is ambiguous: a percent of {decimal} (decimal point) or {thousands} (thousands dot)?"
          "{percent:?}",
          "'{text}' is ambiguous for a whole number: {thousands} (thousands comma) or {decimal} "
          "(decimal comma)?{whole:?}",
          "the cell is formatted as a percent ({text}%) but holds {what:t} of a {unit} indicator{formatted:?}"),
         ("write a percent with a decimal comma ({comma}) or with a dot and not three decimals{percent:?}",
          "write {thousands} without a separator (or {dotted} with a thousands dot){whole:?}",
          "format the cell as Number and type the figure again{formatted:?}")),
     doc="Officers type numbers the Vietnamese way; what is unambiguous is accepted: `71,4`, `71,4%`, "
         "`396.953` for a count, `1.234.567`, `1.234,5`, and 71,4% in a cell Excel formats as a percent. "
         "`1.234` for a percent and `1,234` for a count, numerator or denominator are not. " + _IMPORT_DOC)
_add("figure-conflict", ERROR, "import", "a form's figure differs from the one already in data/",
     vi=("{where} đã có {id}, địa bàn {area}, năm {year} = {old}; biểu ghi {new}",
         "sửa ô này; hoặc, nếu biểu đúng, nhập lại với --replace"),
     en=("{where} already has {id}, area {area}, {year} = {old}; this form says {new}",
         "correct the cell; or, if the form is right, import again with --replace"),
     doc="With `--replace` the old row is removed from its file and the import says what it replaced; "
         "a figure already in `data/` with the same value is left where it is. " + _IMPORT_DOC)
_add("import-target", ERROR, "import", "the file an import would write exists and is not one it can add to",
     vi=(("{file} đã có và dòng tiêu đề không phải dòng `xhht import` ghi ({header})",
          "{file} đã có nhưng không đọc được như một tệp số liệu{unreadable:?}"),
         "đổi tên tệp biểu, hoặc chọn thư mục khác bằng --into"),
     en=(("{file} exists and its header is not the one `xhht import` writes ({header})",
          "{file} exists and cannot be read as a data file{unreadable:?}"),
         "rename the form file, or choose another folder with --into"),
     doc="Figures go to `data/<year>/<form file stem>.csv` (or `DIR/<stem>.csv` with `--into DIR`); an "
         "existing file is added to only when it has the header the import writes. " + _IMPORT_DOC)
_add("import-path", ERROR, "import", "a folder on the way to the file an import would write is a link or a file",
     vi=("đây là {kind:t}: `xhht import` chỉ ghi vào thư mục thật bên trong kho, nên không ghi gì",
         "thay nó bằng một thư mục thật của kho (hoặc xoá nó đi), hoặc chọn thư mục khác bằng --into"),
     en=("this is {kind:t}: `xhht import` writes only into real folders inside the repository, so nothing "
         "was written",
         "replace it with a real folder of the repository (or remove it), or choose another folder with --into"),
     doc="Figures are written only inside the repository's own folders: a folder on the way to "
         "`data/<year>/<stem>.csv` (or `--into DIR`) that is a symbolic link (even one leading inside the "
         "repository), a dangling link or a file, or a target file that is a link or not a regular file, "
         "is refused before anything is written, so a committed `data/2022 → /etc` cannot receive a "
         "form. So is a form whose name has a newline, a tab or another character nobody can see (the "
         "data file would be named after it). " + _IMPORT_DOC)
_add("bad-workbook", ERROR, "import", "a workbook that is damaged, beyond the bounds, or has a DTD",
     vi=(("{dtd:?}phần {part} của bảng tính có khai báo DTD (<!DOCTYPE …>): Excel và LibreOffice không bao giờ ghi "
          "như vậy, và nó có thể dùng để đọc tệp khác hay làm treo chương trình; không đọc",
          "phần {part} của bảng tính không phải XML hợp lệ (dòng {line}, cột {column}): tệp bị hỏng",
          "bảng tính có {entries} phần, quá {limit} phần xhht đọc",
          "bảng tính giải nén ra {size} byte, quá {limit} byte xhht đọc",
          "phần {part} của bảng tính nén tới {ratio} lần, quá {limit} lần (có thể là một 'bom zip'): không đọc",
          "{zip:?}không mở được tệp như một bảng tính .xlsx (tệp nén zip hỏng): {detail}",
          "thư viện đọc Excel (openpyxl) không đọc được bảng tính: {detail}"),
         "mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx; nếu vẫn lỗi, điền số liệu vào một biểu mới "
         "tạo bằng `xhht form`"),
     en=(("{dtd:?}the part {part} of the workbook has a DTD (<!DOCTYPE …>): Excel and LibreOffice never write "
          "one, and it could read another file or hang the program; not read",
          "the part {part} of the workbook is not valid XML (line {line}, column {column}): the file is damaged",
          "the workbook has {entries} parts, more than the {limit} xhht reads",
          "the workbook unpacks to {size} bytes, more than the {limit} xhht reads",
          "the part {part} of the workbook is packed {ratio} to 1, more than {limit} to 1 (perhaps a zip bomb): "
          "not read",
          "{zip:?}the file cannot be opened as an .xlsx workbook (a damaged zip): {detail}",
          "the Excel reader (openpyxl) cannot read the workbook: {detail}"),
         "open the file in Excel or LibreOffice and save it again as .xlsx; if that fails, type the figures into "
         "a new form made by `xhht form`"),
     doc="A workbook is checked before openpyxl opens it: at most 1,000 parts, 64 MiB unpacked in all, no "
         "part over 1 MiB packed more than 200 to 1 (the sizes are read from the zip's directory, before "
         "anything is unpacked), and every XML part parses without a DTD (so no external entity and no entity "
         "bomb, whatever XML parser openpyxl uses). Whatever else openpyxl cannot read (a number cell holding "
         "`0x10`, a style index out of range, an unknown attribute value) is this problem too, with what "
         "openpyxl said: never an internal error. " + _IMPORT_DOC)
_add("no-data-sheet", ERROR, "import", "a workbook without a visible sheet named exactly `Số liệu`",
     vi=(("{hidden:?}trang 'Số liệu' của bảng tính đang bị ẩn: không đọc một trang người điền không nhìn thấy "
          "(các trang: {sheets})",
          "bảng tính không có trang nào tên đúng là 'Số liệu' (các trang: {sheets}): không đọc trang nào khác"),
         "nhập biểu do `xhht form` tạo và giữ nguyên trang 'Số liệu' (không đổi tên, không ẩn); số liệu điền ở "
         "trang đó"),
     en=(("{hidden:?}the sheet 'Số liệu' of the workbook is hidden: a sheet the officer could not see is not read "
          "(the sheets: {sheets})",
          "the workbook has no sheet named exactly 'Số liệu' (the sheets: {sheets}): no other sheet is read"),
         "import a form made by `xhht form`, keeping its sheet 'Số liệu' (not renamed, not hidden), with the "
         "figures in it"),
     doc="Only the sheet named exactly `Số liệu`, visible, is read: never the first sheet in its place, "
         "nor a hidden one. The message names the workbook's sheets. " + _IMPORT_DOC)
_add("no-keys-row", ERROR, "import", "a form or CSV file without the row of column keys",
     vi=(("không có dòng mã cột (indicator, area, period, value, …) trong trang '{sheet}'",
          "không có dòng mã cột (indicator, area, period, value, …)"),
         "nhập biểu do `xhht form` tạo, hoặc thêm một dòng ghi mã các cột như tệp số liệu CSV"),
     en=(("no row of column keys (indicator, area, period, value, …) in the sheet '{sheet}'",
          "no row of column keys (indicator, area, period, value, …)"),
         "import a form made by `xhht form`, or add a row naming the columns as in data CSV files"),
     doc="The keys row (the second row of a form) names the columns; rows of titles above it are "
         "skipped. " + _IMPORT_DOC)
_add("unkeyed-cell", ERROR, "import", "a cell with content in a column that has no key",
     vi=("ô này nằm ở cột không có mã trong dòng mã cột", "chuyển nội dung sang cột `note`, hoặc xoá ô"),
     en=("this cell is in a column that has no key in the row of keys",
         "move what it says to the `note` column, or delete it"),
     doc="Nothing typed into a form is dropped silently. " + _IMPORT_DOC)
_add("unknown-encoding", ERROR, "import", "a CSV file that is neither UTF-8 nor Windows-1258",
     vi=("tệp không phải UTF-8 hay Windows-1258 (cp1258) (byte 0x{byte})",
         "lưu lại từ Excel dạng 'CSV UTF-8 (Comma delimited)'"),
     en=("the file is neither UTF-8 nor Windows-1258 (cp1258) (byte 0x{byte})",
         "save it from Excel as 'CSV UTF-8 (Comma delimited)'"),
     doc="`xhht import` reads UTF-8 (with or without a BOM), UTF-16 with a BOM and Windows-1258, "
         "and says which it detected. " + _IMPORT_DOC)

# ---------------------------------------------------------------- targets by level (warnings)

_add("rollup-disagrees", WARNING, "levels", "an area's own figure differs from what its children add up to",
     vi=("{id} của {area} năm {year} là {own}, nhưng {n} đơn vị cấp dưới cộng lại được {theirs}",
         "sửa số liệu của địa bàn hay của một đơn vị; hoặc bỏ số liệu riêng của địa bàn để dùng số cộng dồn"),
     en=("{id} for {area} in {year} is {own}, but its {n} lower-level units add up to {theirs}",
         "correct the area's figure or a unit's; or remove the area's own figure to use the roll-up"),
     doc="An area has a figure of its own, and its lower-level units add up to something else (a count by "
         "sum; a percent by Σnumerator / Σdenominator, rounded to the decimals of the area's figure). The "
         "area's own figure is the one used; the warning gives both numbers.")
_add("rollup-needs-counts", WARNING, "levels",
     "a percent without numerator and denominator that the roll-up of a plan's area needs",
     vi=("{id} năm {year} của {area} ({name}) chỉ có tỷ lệ, không có tử số và mẫu số: không tổng hợp được tỷ lệ "
         "của {top} ({top_name}) cho kế hoạch {plan}",
         ("{own:?}ghi thêm tử số và mẫu số của tỷ lệ này (cột numerator, denominator; trong biểu: ô Tử số, Mẫu "
          "số); hoặc ghi số liệu riêng của {top}",
          "ghi thêm tử số và mẫu số của tỷ lệ này (cột numerator, denominator; trong biểu: ô Tử số, Mẫu số)")),
     en=("{id} of {area} ({name}) in {year} is a percent without numerator and denominator: the rate of {top} "
         "({top_name}) cannot be rolled up for the plan {plan}",
         ("{own:?}add this percent's numerator and denominator (the numerator, denominator columns; in a form: Tử "
          "số, Mẫu số); or give {top} a figure of its own",
          "add this percent's numerator and denominator (the numerator, denominator columns; in a form: Tử số, "
          "Mẫu số)")),
     doc="A percent rolls up only as Σnumerator / Σdenominator ([commands.md](commands.md#the-comparison-rules)). "
         "Some plan has a target of the indicator that year for an area above this one, neither that area nor "
         "one between them has a figure of its own, so its roll-up reads this figure, which has no counts. "
         "`xhht import` says it at the form's Tử số cell (and still writes: a warning); the form colours the "
         "Tử số and Mẫu số cells of those rows orange; `xhht missing` lists them.")
_add("area-outside-plan", WARNING, "levels", "a figure for an area outside every plan that uses the indicator",
     vi=("{area} ({name}) nằm ngoài địa bàn của mọi kế hoạch dùng {id}: {plans}",
         "kiểm tra mã địa bàn, hoặc cột `parent` của areas.csv"),
     en=("{area} ({name}) is outside the area of every plan that uses {id}: {plans}",
         "check the area code, or the `parent` column of areas.csv"),
     doc="A figure for an area that is not the area, or below the area, of any plan using the indicator. "
         "Usually a wrong code, or a wrong `parent` in `areas.csv`. Figures of an indicator that a plan file "
         "too broken to load also uses are not judged until that plan is fixed.")
_add("weaker-than-parent", WARNING, "levels", "a target weaker than the parent plan's for the same indicator and year",
     vi=("mục tiêu năm {year} của {id} là {mine}, kém hơn mục tiêu {theirs} của kế hoạch cấp trên {parent} ({where})",
         "kế hoạch triển khai một kế hoạch khác không được đặt mục tiêu kém hơn: nâng mục tiêu lên, hoặc ghi rõ lý "
         "do trong kế hoạch"),
     en=("the {year} target of {id} is {mine}, weaker than {theirs} in the parent plan {parent} ({where})",
         "a plan that implements another may not set a weaker target: raise it, or note why in the plan"),
     doc="A plan that names a `parent` may not set a weaker target than the parent's for the same indicator "
         "and year (lower, or higher for `better: lower`). The warning names the child's file and line, both "
         "values and the parent plan. Targets of other years, `increase`/`decrease` and `subunits` targets are "
         "not compared. A shared indicator id with another unit, direction or levels is an error, "
         "`indicator-conflict`, reported in the child plan.")


# ---------------------------------------------------------------- report text files

_SECTIONS_VI = "Công tác chỉ đạo, triển khai; Kết quả khác; Tồn tại, hạn chế; Nguyên nhân; Bài học kinh nghiệm; " \
               "Nhiệm vụ, giải pháp; Kiến nghị, đề xuất"
_add("report-front-matter", ERROR, "reports", "a report text file without its front matter between two `---` lines",
     vi=(("{unclosed:?}phần đầu của tệp báo cáo mở bằng `---` ở dòng 1 nhưng không có dòng `---` đóng lại",
          "{mapping:?}phần đầu của tệp báo cáo phải là các dòng `khoá: giá trị`",
          "tệp báo cáo phải bắt đầu bằng phần đầu (front matter) giữa hai dòng `---`"),
         "bắt đầu tệp bằng một dòng `---`, các dòng `plan: mã-kế-hoạch` và `period: 2013-2015`, rồi một dòng `---`"),
     en=(("{unclosed:?}the front matter opens with `---` on line 1 but no `---` line closes it",
          "{mapping:?}the front matter must be `key: value` lines",
          "a report text file starts with its front matter between two `---` lines"),
         "start the file with a `---` line, the lines `plan: plan-id` and `period: 2013-2015`, then a `---` line"),
     doc="A report text file (`reports/*.md`, [reports.md](reports.md)) is YAML front matter between two "
         "`---` lines, then the sections. Without it the file is not read.")
_add("report-unknown-section", ERROR, "reports", "a section heading that is not one of the seven sections of a review",
     vi=("đề mục `## {heading}` không phải một phần của báo cáo",
         ("có phải ý là `## {guess}`?", "các đề mục là: " + _SECTIONS_VI)),
     en=("the heading `## {heading}` is not a section of the review",
         ("did you mean `## {guess}`?", "the headings are: " + _SECTIONS_VI)),
     doc="The sections are, in this order: " + _SECTIONS_VI.replace("; ", ", ") + " (CONTRACT section 11). "
         "Headings are compared without regard to case and spacing.")
_add("report-heading-level", ERROR, "reports", "a `#` heading where a section is a `##` heading",
     vi=("đề mục `# {heading}`: các phần của báo cáo là đề mục cấp hai", "viết `## {heading}`"),
     en=("the heading `# {heading}`: the sections of a review are second-level headings", "write `## {heading}`"),
     doc="Sections are `## ` headings; `### ` and deeper headings are sub-headings inside a section.")
_add("report-duplicate-section", ERROR, "reports", "a section given twice",
     vi=("phần `{heading}` đã có ở dòng {first}", "gộp hai phần làm một"),
     en=("the section `{heading}` is already on line {first}", "merge the two"))
_add("report-section-order", WARNING, "reports", "sections out of the document's order",
     vi=("phần `{heading}` đứng trước phần `{before}`; báo cáo vẫn xếp các phần theo thứ tự của văn bản",
         "xếp các phần theo thứ tự: " + _SECTIONS_VI),
     en=("the section `{heading}` comes before `{before}`; the review puts the sections in the document's order",
         "put the sections in this order: " + _SECTIONS_VI))
_add("report-text-outside", ERROR, "reports", "text before the first section heading",
     vi=("đoạn văn nằm ngoài các phần của báo cáo (trước đề mục `##` đầu tiên)",
         "đặt đoạn văn dưới một đề mục, ví dụ `## Công tác chỉ đạo, triển khai`"),
     en=("text outside the sections of the review (before the first `##` heading)",
         "put it under a heading, e.g. `## Công tác chỉ đạo, triển khai`"))
_add("report-unknown-plan", ERROR, "reports", "`plan` names no plan of the repository",
     vi=("không có kế hoạch `{plan}` trong kho", ("có phải ý là `{guess}`?", "các kế hoạch là: {plans}")),
     en=("there is no plan `{plan}` in the repository", ("did you mean `{guess}`?", "the plans are: {plans}")),
     doc="`plan` is the `id` of a plan file. A plan file with errors is not loaded: its own problems say why.")
_add("report-period", ERROR, "reports", "a report's period that does not overlap its plan's",
     vi=("giai đoạn {period} không trùng với thời gian thực hiện {start}-{end} của kế hoạch {plan}",
         "ghi một giai đoạn trong khoảng {start}-{end}"),
     en=("the period {period} does not overlap the plan {plan}'s period {start}-{end}",
         "write a period within {start}-{end}"))


# ---------------------------------------------------------------- wording


class TemplateError(KeyError):
    """No template of a code fits the parameters given: a programming error, caught by the tests."""


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, spec: str) -> str:
        if spec == "?":
            return ""
        if spec == "n":  # a count as the language writes it: 499.900 (vi), 499,900 (en)
            return f"{value:,}".replace(",", "." if self.lang == "vi" else ",")
        if spec == "t" and not isinstance(value, Phrase):
            value = Phrase(str(value))
        if isinstance(value, Phrase):
            return word_phrase(value, self.lang)
        if isinstance(value, list | tuple):
            return ", ".join(word_phrase(v, self.lang) if isinstance(v, Phrase) else shorten(str(v)) for v in value)
        return format(shorten(value) if isinstance(value, str) else value, spec)


def fields(template: str) -> set[str]:
    """The parameter names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _choose(alternatives: tuple[str, ...], params: dict[str, Any]) -> str | None:
    for alt in alternatives:
        if all(params.get(f) is not None for f in fields(alt)):
            return alt
    return None


def word_phrase(p: Phrase, lang: str) -> str:
    texts = PHRASES.get(p.key)
    if texts is None:
        raise TemplateError(f"unknown phrase {p.key!r}")
    return _Formatter(lang).vformat(texts[lang], (), p.params)


def word(code: str, params: dict[str, Any], lang: str, part: str = "message") -> str:
    """The message (or hint) of a problem `code` with `params`, in `lang`. Worded once for the same
    plain parameters (a flood of 500,000 problems repeats a few): memoised when every value is a
    str, int or None (a Phrase compares by its key alone, so it is never a memo key)."""
    if all(v is None or type(v) in (str, int, bool) for v in params.values()):
        return _word_plain(code, tuple(params.items()), lang, part)
    return _word(code, params, lang, part)


@functools.lru_cache(maxsize=4096)
def _word_plain(code: str, items: tuple[tuple[str, Any], ...], lang: str, part: str) -> str:
    return _word(code, dict(items), lang, part)


def _word(code: str, params: dict[str, Any], lang: str, part: str) -> str:
    entry = CATALOGUE[code]
    alternatives = (entry.message if part == "message" else entry.hint)[lang if lang in LANGS else "vi"]
    template = _choose(alternatives, params)
    if template is None:
        raise TemplateError(f"{code}: no {lang} {part} template for the parameters {sorted(params)}")
    return _Formatter(lang).vformat(template, (), params)
