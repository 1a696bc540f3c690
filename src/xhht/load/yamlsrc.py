"""Read YAML safely and remember where every node was.

Plain PyYAML keeps the last of two equal keys and loses the first: here a repeated key is
an error. Only the standard scalar, sequence and mapping tags are accepted (no `!!python/...`),
alias expansion is bounded, floats are read exactly as `Decimal` from their text, and timestamps
stay strings. The text comes from `safe_io.read_file`, already normalised to NFC and rid of control
characters; a double-quoted scalar can write one again as an escape (`"\\x1b"`, `"\\u202e"`, `"\\L"`),
so such a scalar's text is held to the same rules: each refused character is `bad-character` at the
scalar and read as a space, and the text is normalised to NFC.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from xhht.base.numbers import CONTEXT, NumberError, parse_decimal
from xhht.load.safe_io import bad_character, refused_characters
from xhht.problems import Loc, Problem

Path_ = tuple[Any, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
MAX_NODES = 100_000  # nodes visited again while expanding aliases; far above any real plan
MAX_DEPTH = 50  # a plan is about 8 levels deep


@dataclass
class YamlDoc:
    """The plain data of a YAML file, and the position of every value and key in it."""

    file: str
    data: Any
    value_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # an unquoted number as it is written when that is not how it reads (`01`, `1.50`): a hint
    # that quotes it must keep what was written
    written: dict[Path_, str] = field(default_factory=dict)

    def loc(self, path: Path_, key: bool = False) -> Loc:
        """The location of `path`, or of its nearest ancestor that has one."""
        table = self.key_pos if key else self.value_pos
        p = tuple(path)
        while p:
            if p in table:
                line, col = table[p]
                return Loc(self.file, line, col)
            if not key and p in self.key_pos:
                line, col = self.key_pos[p]
                return Loc(self.file, line, col)
            p = p[:-1]
        line, col = self.value_pos.get((), (1, 1))
        return Loc(self.file, line, col)


class _Refused(Exception):
    """A refused construct: `params` of the yaml-unsafe problem (tag=, merge=, bomb=, deep= or none)."""

    def __init__(self, node: yaml.Node, **params: Any):
        self.node, self.params = node, params


_FAILED = object()


def _compose_fast(text: str) -> Any:
    """The node tree from libyaml's parser when PyYAML has it (about 20x faster: 34 province
    plans in 0.15 s, not 3 s), else `_FAILED`. Any error, or a text libyaml reads differently
    (it has no position for some errors), goes to the pure-Python parser."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return _FAILED
    try:
        return yaml.compose(text, Loader=loader)
    except Exception:  # noqa: BLE001 - re-parsed by the pure-Python parser, which words the error
        return _FAILED


def load_yaml(text: str, file: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML document. Returns (doc, problems); doc is None when unusable."""
    try:
        deep = _too_deep(text)
        if deep is not None:
            return None, [Loc(file, deep.line + 1, deep.column + 1).problem("yaml-unsafe", deep=True)]
        node = _compose_fast(text)
        if node is _FAILED:  # the pure-Python parser words the error (the same text with or without libyaml)
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [Loc(file, line, col).problem("yaml-syntax", detail=f"the character U+{char:04X} is not allowed")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        return None, [Loc(file, line, col).problem("yaml-syntax", detail=what)]
    except yaml.YAMLError as exc:  # e.g. several documents in one file
        return None, [Loc(file, 1, 1).problem("yaml-syntax", detail=str(exc))]
    except RecursionError:
        return None, [Loc(file, 1, 1).problem("yaml-unsafe", deep=True)]
    if node is None:
        return None, [Loc(file, 1, 1).problem("yaml-syntax", empty=True)]
    doc = YamlDoc(file, None)
    problems: list[Problem] = []
    budget = _Budget()
    try:
        doc.data = _convert(node, (), doc, problems, budget)
    except _Refused as r:
        return None, [Loc(file, r.node.start_mark.line + 1, r.node.start_mark.column + 1)
                      .problem("yaml-unsafe", **r.params)]
    return doc, problems


def _key_identity(key: Any) -> Any:
    """What a key means once validated: `2022`, `"2022"` and `2022.0` are the same year, so a
    mapping that has two of them has a duplicate key (pydantic would silently keep the last)."""
    if isinstance(key, bool) or key is None:
        return ("other", key)
    text = str(key).strip() if isinstance(key, str) else key
    if isinstance(text, str):
        try:
            number = parse_decimal(text) if text[:1] in "+-0123456789." else None
        except NumberError:
            number = None
        if number is None:
            return ("text", text)
        text = number
    try:
        return ("number", Decimal(text).normalize(CONTEXT))
    except (ArithmeticError, ValueError, TypeError):
        return ("text", str(text))


def _too_deep(text: str):
    """The mark where collections nest deeper than MAX_DEPTH, else None. The event stream is
    read iteratively, so a deeply nested file is refused before the (recursive) composer runs.
    With libyaml's parser when there is one; on any error, again with the pure-Python one."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _deepest(text, fast)
        except Exception:  # noqa: BLE001 - the pure-Python parser raises (and words) the error
            pass
    return _deepest(text, yaml.SafeLoader)


def _deepest(text: str, loader):
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Budget:
    """What alias expansion may add: a node met a second time (an alias, or inside one) costs one
    of MAX_NODES; a node met the first time costs nothing, so a large plan without aliases (100,000
    indicators, 9 MB: bounded by the file size) is no bomb, and `*a` ten times over ten levels is."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.left = MAX_NODES

    def visit(self, node: yaml.Node) -> None:
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return
        self.left -= 1
        if self.left < 0:
            raise _Refused(node, bomb=True)


def _convert(node: yaml.Node, path: Path_, doc: YamlDoc, problems: list[Problem], budget: _Budget) -> Any:
    budget.visit(node)
    if len(path) > MAX_DEPTH:
        raise _Refused(node, deep=True)
    doc.value_pos.setdefault(path, _pos(node))
    if isinstance(node, yaml.MappingNode):
        if node.tag != _TAG + "map":
            raise _Refused(node, tag=_tag(node.tag))
        out: dict[Any, Any] = {}
        seen: dict[Any, Any] = {}  # identity of a key -> the key as first written
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise _Refused(key_node, merge=True)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node)
            key = _unescaped(key_node, _scalar(key_node), doc, problems)
            if isinstance(key, list | dict):
                raise _Refused(key_node)
            kpath = path + (key,)
            identity = _key_identity(key)
            if identity in seen:
                same = seen[identity]
                first = doc.key_pos.get(path + (same,), (0, 0))[0]
                line, col = _pos(key_node)
                problems.append(Loc(doc.file, line, col).problem("duplicate-key", key=key, first=first))
                continue
            seen[identity] = key
            doc.key_pos[kpath] = _pos(key_node)
            out[key] = _convert(value_node, kpath, doc, problems, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _TAG + "seq":
            raise _Refused(node, tag=_tag(node.tag))
        return [_convert(child, path + (i,), doc, problems, budget) for i, child in enumerate(node.value)]
    value = _unescaped(node, _scalar(node), doc, problems)
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and node.value != str(value):
        doc.written[path] = node.value
    return value


def _unescaped(node: yaml.ScalarNode, value: Any, doc: YamlDoc, problems: list[Problem]) -> Any:
    """A double-quoted string with no character the file itself may not hold (safe_io.decode's
    rules): each one written as an escape is `bad-character` here and read as a space; NFC."""
    if node.style != '"' or not isinstance(value, str) or value.isascii() and value.isprintable():
        return value
    line, col = _pos(node)
    for ch in refused_characters(value):
        problems.append(bad_character(ch, Loc(doc.file, line, col)))
        value = value.replace(ch, " ")
    return unicodedata.normalize("NFC", value)


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag not in _SCALAR_TAGS:
        raise _Refused(node, tag=_tag(tag))
    if tag == _TAG + "str" or tag == _TAG + "timestamp":
        return text
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return text.lower() in ("yes", "true", "on", "y")
    if tag == _TAG + "int":
        digits = text.replace("_", "")
        try:
            base = 0 if digits.lstrip("+-")[:2].lower() in ("0x", "0o", "0b") else 10
            return int(digits, base)  # "010" is ten here, not YAML 1.1's octal eight
        except ValueError:
            return text  # e.g. YAML 1.1 sexagesimal "1:30": keep the text
    try:  # float: exactly as written, within the digit limits (else the text, refused where a number is due)
        value = parse_decimal(text)
    except NumberError:
        return text
    return text if value is None else value  # .inf, .nan: the text
