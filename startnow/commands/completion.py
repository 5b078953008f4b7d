"""`startnow completion bash|zsh|fish`: the shell completion script, printed.

The scripts are generated from the commands' own parsers, so a new command or
option completes without touching this file. Where a command takes a task id,
the script asks `startnow [--db P] completion ids` (hidden, read-only, no ORM)
for the open tasks' ids and titles, using the --db given on the line.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser

SHELLS = ("bash", "zsh", "fish")
# A positional argument with one of these names is a task id.
ID_DESTS = frozenset({"id", "ids", "task", "task_id", "task_ids"})
# Options and positionals whose value is a file or directory.
PATH_DESTS = frozenset({"db", "output", "file", "path"})

EPILOG = """\
examples:
  startnow completion bash > ~/.local/share/bash-completion/completions/startnow
  startnow completion zsh > "${fpath[1]}/_startnow"      (then: compinit)
  startnow completion fish > ~/.config/fish/completions/startnow.fish
  eval "$(startnow completion bash)"                     for this shell only

Commands, their options and values complete; task ids complete with their
titles (zsh, fish) wherever a command takes one, from the --db on the line."""


def register(command: CommandParser) -> None:
    comp = command("completion", "print a shell completion script (bash, zsh or fish)", EPILOG)
    comp.add_argument(
        "shell", choices=(*SHELLS, "ids"), metavar="{bash,zsh,fish}",
        help="the shell to complete for",
    )  # fmt: skip


@dataclass
class Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...] = ()
    is_path: bool = False


@dataclass
class Command:
    name: str
    help: str
    options: list[Option] = field(default_factory=list)
    # What its positional argument completes to: "ids", "files", choices, or nothing.
    positional: str | tuple[str, ...] | None = None


def command_specs() -> list[Command]:
    """Every command with its options, read from its own parser."""
    from startnow.cli import COMMANDS, command_module
    from startnow.parser import add_db_option

    specs = []
    for name, (_module, help_text) in COMMANDS.items():
        parser = argparse.ArgumentParser(prog=f"startnow {name}")
        add_db_option(parser)
        command_module(name).register(lambda *_args, _p=parser: _p)
        specs.append(spec_of(name, help_text, parser))
    return specs


def spec_of(name: str, help_text: str, parser: argparse.ArgumentParser) -> Command:
    """What completes after `startnow NAME`: its options, and its first positional."""
    spec = Command(name, help_text)
    for action in parser._actions:  # argparse has no public list of its arguments
        if action.help == argparse.SUPPRESS:
            continue
        choices = tuple(str(c) for c in action.choices or () if c != "ids")
        if action.option_strings:
            takes = action.nargs != 0
            spec.options.append(
                Option(tuple(action.option_strings), _plain(action.help), takes, choices,
                       takes and action.dest in PATH_DESTS)
            )  # fmt: skip
        elif spec.positional is None:
            if action.dest in ID_DESTS:
                spec.positional = "ids"
            elif choices:
                spec.positional = choices
            elif action.dest in PATH_DESTS:
                spec.positional = "files"
    return spec


def _plain(text: str | None) -> str:
    """A help line as a description: one line, without argparse's %(...)s."""
    return " ".join((text or "").replace("%(default)s", "").replace("%%", "%").split())


# ---------------------------------------------------------------- bash


def bash_script(specs: list[Command]) -> str:
    names = " ".join(s.name for s in specs)
    value_cases, option_cases, positional_cases = [], [], []
    for spec in specs:
        flags = " ".join(f for o in spec.options for f in o.flags)
        option_cases.append(f"        {spec.name}) opts={_sh(flags)} ;;")
        for option in spec.options:
            pattern = "|".join(f"{spec.name}:{f}" for f in option.flags)
            if option.choices:
                words = _sh(" ".join(option.choices))
                value_cases.append(
                    f'        {pattern}) COMPREPLY=($(compgen -W {words} -- "$cur")); return ;;'
                )
            elif option.is_path:
                files = 'COMPREPLY=($(compgen -f -- "$cur")); return'
                value_cases.append(f"        {pattern}) {files} ;;")
            elif option.takes_value:
                value_cases.append(f"        {pattern}) return ;;")
        if spec.positional == "ids":
            positional_cases.append(
                f'        {spec.name}) COMPREPLY=($(compgen -W "$(_startnow_ids)" -- "$cur")) ;;'
            )
        elif spec.positional == "files":
            positional_cases.append(f'        {spec.name}) COMPREPLY=($(compgen -f -- "$cur")) ;;')
        elif isinstance(spec.positional, tuple):
            words = _sh(" ".join(spec.positional))
            positional_cases.append(
                f'        {spec.name}) COMPREPLY=($(compgen -W {words} -- "$cur")) ;;'
            )
    return BASH.format(
        names=_sh(names),
        value_cases="\n".join(value_cases),
        option_cases="\n".join(option_cases),
        positional_cases="\n".join(positional_cases),
    )


def _sh(text: str) -> str:
    """A POSIX shell word in single quotes."""
    return "'" + text.replace("'", "'\\''") + "'"


BASH = """\
# startnow completion for bash: save as
# ~/.local/share/bash-completion/completions/startnow, or eval "$(startnow completion bash)".

_startnow_db() {{
    local i
    for ((i = 1; i < ${{#COMP_WORDS[@]}}; i++)); do
        case ${{COMP_WORDS[i]}} in
            --db) printf '%s\\n' --db "${{COMP_WORDS[i+1]}}"; return ;;
            --db=*) printf '%s\\n' "${{COMP_WORDS[i]}}"; return ;;
        esac
    done
}}

_startnow_ids() {{
    local -a db
    mapfile -t db < <(_startnow_db)
    startnow "${{db[@]}}" completion ids 2>/dev/null | cut -f1
}}

_startnow() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
    local cmd="" opts i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${{COMP_WORDS[i]}} in
            --db) ((i++)) ;;
            -*) ;;
            *) cmd=${{COMP_WORDS[i]}}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        case $prev in
            --db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--db --help --version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W {names} -- "$cur"))
        fi
        return
    fi
    case "$cmd:$prev" in
{value_cases}
    esac
    case $cmd in
{option_cases}
        *) opts='' ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
{positional_cases}
    esac
}}

complete -F _startnow startnow
"""


# ---------------------------------------------------------------- zsh


def _zq(text: str) -> str:
    """A description inside a single-quoted word: quotes closed and reopened, and
    brackets escaped (an _arguments explanation ends at the first bare `]`)."""
    return text.replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]")


def _zsh_option(option: Option) -> list[str]:
    lines = []
    for flag in option.flags:
        head = f"{flag}[{_zq(option.help)}]"
        if option.choices:
            head += f":{option.flags[-1].lstrip('-')}:({' '.join(option.choices)})"
        elif option.is_path:
            head += ":file:_files"
        elif option.takes_value:
            head += ":value: "
        lines.append(f"'{head}'")
    return lines


def zsh_script(specs: list[Command]) -> str:
    commands = "\n".join(f"        '{s.name}:{_zq(s.help)}'" for s in specs)
    cases = []
    for spec in specs:
        args = [line for option in spec.options for line in _zsh_option(option)]
        if spec.positional == "ids":
            args.append("'1:task:_startnow_ids'")
        elif spec.positional == "files":
            args.append("'1:file:_files'")
        elif isinstance(spec.positional, tuple):
            args.append(f"'1:{spec.name}:({' '.join(spec.positional)})'")
        else:
            args.append("'*: :'")
        joined = " \\\n                ".join(args)
        cases.append(f"            {spec.name})\n                _arguments {joined} ;;")
    return ZSH.format(commands=commands, cases="\n".join(cases))


ZSH = """\
#compdef startnow
# startnow completion for zsh: save as _startnow in a directory of $fpath
# (then compinit), or: source <(startnow completion zsh)

_startnow_ids() {{
    local -a db ids
    local i
    for ((i = 1; i <= $#words; i++)); do
        case $words[i] in
            --db) db=(--db "$words[i+1]") ;;
            --db=*) db=("$words[i]") ;;
        esac
    done
    [[ -z $db && -n $startnow_db ]] && db=(--db "$startnow_db")
    ids=(${{(f)"$(startnow $db completion ids 2>/dev/null)"}})
    ids=(${{ids//:/\\\\:}})
    ids=(${{ids/$'\\t'/:}})
    _describe -t tasks 'task' ids
}}

_startnow() {{
    local curcontext="$curcontext" state line startnow_db
    typeset -A opt_args
    local -a commands
    commands=(
{commands}
    )
    _arguments -C \\
        '--db[the database file]:file:_files' \\
        '(- *)--version[the version]' \\
        '(- *)'{{-h,--help}}'[the help]' \\
        '1:command:->command' \\
        '*::argument:->argument'
    startnow_db=${{opt_args[--db]}}
    case $state in
        command)
            _describe -t commands 'startnow command' commands ;;
        argument)
            case $line[1] in
{cases}
            esac ;;
    esac
}}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _startnow "$@"
else
    compdef _startnow startnow
fi
"""


# ---------------------------------------------------------------- fish


def _fq(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish_script(specs: list[Command]) -> str:
    lines = [
        "# startnow completion for fish: save as ~/.config/fish/completions/startnow.fish",
        "",
        "function __startnow_ids",
        "    set -l words (commandline -opc)",
        "    set -l db",
        "    for i in (seq (count $words))",
        "        switch $words[$i]",
        "            case --db",
        "                set db --db $words[(math $i + 1)]",
        "            case '--db=*'",
        "                set db $words[$i]",
        "        end",
        "    end",
        "    startnow $db completion ids 2>/dev/null",
        "end",
        "",
        "complete -c startnow -f",
        "complete -c startnow -l db -r -F -d 'the database file'",
        "complete -c startnow -n __fish_use_subcommand -l version -d 'the version'",
    ]
    for spec in specs:
        lines.append(
            f"complete -c startnow -n __fish_use_subcommand -a {spec.name} -d {_fq(spec.help)}"
        )
    for spec in specs:
        when = f"-n '__fish_seen_subcommand_from {spec.name}'"
        for option in spec.options:
            if option.flags == ("--db",):
                continue  # (the global one above)
            names = " ".join(
                f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}" for f in option.flags
            )
            extra = ""
            if option.choices:
                extra = f" -x -a {_fq(' '.join(option.choices))}"
            elif option.is_path:
                extra = " -r -F"
            elif option.takes_value:
                extra = " -x"
            lines.append(f"complete -c startnow {when} {names}{extra} -d {_fq(option.help)}")
        if spec.positional == "ids":
            lines.append(f"complete -c startnow {when} -x -a '(__startnow_ids)'")
        elif spec.positional == "files":
            lines.append(f"complete -c startnow {when} -F")
        elif isinstance(spec.positional, tuple):
            lines.append(f"complete -c startnow {when} -x -a {_fq(' '.join(spec.positional))}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- ids


def print_ids(args: argparse.Namespace) -> int:
    """`id<TAB>title` for every open task, oldest id first; silent without a store
    (a completion must never print an error into the line being typed)."""
    from startnow.domain.safe_text import safe
    from startnow.errors import StartnowError
    from startnow.paths import resolve_db_location
    from startnow.services.glance import read_status

    try:
        found = read_status(resolve_db_location(getattr(args, "db", None))[0])
    except StartnowError:
        return 1
    for task in sorted(found[1] if found else [], key=lambda t: t.id):
        print(f"{task.id}\t{safe(task.title)}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.shell == "ids":
        return print_ids(args)
    render = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}[args.shell]
    sys.stdout.write(render(command_specs()))
    return 0
