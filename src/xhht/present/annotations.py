"""`xhht check --format github`: problems as GitHub Actions workflow commands (docs/commands.md#github-annotations---format-github).

    ::error file=data/2015.csv,line=4,col=4,title=non-canonical-number::the value '87,5' ...

GitHub attaches them to the lines of the pull request. Escaping follows the runner's rules:
in the message `%`, CR and LF are written %25, %0D, %0A; in a property value also `:` and `,`
(%3A, %2C). A file name, the message (with the places of folded problems) and the hint are first
shown on one line each (safetext.for_terminal_line: no control character, newline or tab in them),
so a file named `x⏎::warning …` cannot start a command nor an ESC reach the log. File
paths are relative to the git work tree (what GitHub expects), also when the tracker repository is
a folder inside it. Past problem_text.LIMIT problems of one code in one file, one annotation
counts the rest (`more-problems`).
"""

from __future__ import annotations

from pathlib import Path

from xhht.base.safetext import for_terminal_line
from xhht.present.problem_text import WORDS, folded_message, printed
from xhht.problems import Problem, worded


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def git_prefix(root: Path | None) -> str:
    """The tracker root relative to the enclosing git work tree ("" at its top, or without git)."""
    if root is None:
        return ""
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def annotation(p: Problem, prefix: str = "", lang: str = "vi", others: list[Problem] | None = None) -> str:
    props = [f"file={escape_property(for_terminal_line(prefix + p.file))}"]
    if p.line:
        props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
    props.append(f"title={escape_property(p.code)}")
    message, hint = worded(p, lang)
    message = for_terminal_line(folded_message(message, others or [], lang))  # one line, as `check` prints it
    if hint:
        message += f"\n{WORDS[lang]['hint']}: {for_terminal_line(hint)}"
    command = "error" if p.severity == "error" else "warning"
    return f"::{command} {','.join(props)}::{escape_data(message)}"


def github_annotations(problems: list[Problem], root: Path | None = None, lang: str = "vi",
                       every: bool = False) -> str:
    """One workflow command per problem (repeated identical ones once, with the places of the
    others), message and hint in `lang`; past problem_text.LIMIT of one code in one file, one that
    counts the rest (unless `every`)."""
    prefix = git_prefix(root)
    return "\n".join(annotation(p, prefix, lang, others) for p, others in printed(problems, every))
