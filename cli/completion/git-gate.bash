# Bash completion for git-gate(1), as `git-gate <TAB>` and as `git gate <TAB>`.
#
# Installed as share/bash-completion/completions/git-gate (cmake/docs.cmake), where
# bash-completion loads it on the first `git-gate <TAB>`, and git's own completion on the
# first `git gate <TAB>` (it looks for the function _git_gate). Without bash-completion,
# source this file from ~/.bashrc.
#
# The commands are those of cli/main.cpp's table and the options those of each command's
# --help; tests/e2e/docs_test.cpp compares both with the built binary.

__git_gate_commands="check explain window lint ci override freeze audit notes-guard freeze-guard install-hook pre-push"
__git_gate_override_actions="approve list verify fetch"
__git_gate_freeze_actions="start end list"
__git_gate_report_formats="text json github markdown sarif gitlab"
# The rules an override may lift (gate/rule_table.hpp; policy.invalid is not one).
__git_gate_rules="window.freeze window.outside-allowed owners.unowned owners.approval
owners.cross-team size.component size.components ref.delete"

# The options of command $1 (of `override`: of action $2).
__git_gate_options() {
	case "$1" in
	check)
		echo "--base --head --ref --at --format --output --color --quiet -C --reviews" \
			"--approved-by --teams"
		;;
	explain) echo "--rev --format --paths-from --quiet -C" ;;
	window) echo "--at --days --component --policy --format --quiet -C" ;;
	lint) echo "--rev --policy --codeowners --syntax --format --quiet -C --at" ;;
	ci)
		echo "--provider --event-path --base --head --ref --author --at --format --output" \
			"--color --quiet -C --reviews --approved-by --teams"
		;;
	audit) echo "--since --format --base --at -C" ;;
	notes-guard) echo "-C" ;;
	freeze-guard) echo "-C" ;;
	install-hook) echo "--uninstall --fetch-freezes --no-fetch-freezes --remote -C" ;;
	pre-push) echo "--format --at --verbose -v --quiet -C" ;;
	override)
		case "$2" in
		approve) echo "--rule --reason --expires --key --principal --push --base --at -C" ;;
		list | verify) echo "--format --base --at -C" ;;
		fetch) echo "--base -C" ;;
		esac
		;;
	freeze)
		case "$2" in
		start)
			echo "--reason --for --until --component --key --principal --push --base --at" \
				"-C"
			;;
		end) echo "--reason --key --principal --push --base --at -C" ;;
		list) echo "--format --base --at -C" ;;
		esac
		;;
	esac
	echo "--help"
}

# The values of --format for command $1 (action $2).
__git_gate_formats() {
	case "$1" in
	check | ci) echo "$__git_gate_report_formats" ;;
	*) echo "text json" ;;
	esac
}

# Runs `git "${@:2}"` in the directory $1 (empty: here), after the -C options given to git
# itself in `git -C DIR gate`, quietly.
__git_gate_outer_C=()
__git_gate_git() {
	local args=("${__git_gate_outer_C[@]}")
	[[ -n $1 ]] && args+=(-C "$1")
	git "${args[@]}" "${@:2}" 2>/dev/null
}

# Decides what completes the word $1, the word before it being $2 and the words from the
# command up to it being "${@:3}" (none while the command itself is completed; -C DIR
# pairs before the command come first). Sets
# __git_gate_mode to `words` (the list __git_gate_words), `dirs`, `files` or `none`.
__git_gate_candidates() {
	local cur=$1 prev=$2
	shift 2
	# -C DIR before the command, as git's: refs and remotes are those of DIR, each -C
	# taken from the one before.
	while [[ ${1-} == -C ]]; do
		if (($# == 1)); then
			__git_gate_mode=dirs
			return
		fi
		__git_gate_outer_C+=(-C "$2")
		shift 2
	done
	local cmd=${1-} action="" dir="" i j
	[[ $cmd == override || $cmd == freeze ]] && action=${2-}
	for ((i = 1; i < $#; i++)); do # -C DIR: refs and remotes are DIR's
		[[ ${!i} == -C ]] && { j=$((i + 1)); dir=${!j}; }
	done
	__git_gate_mode=words
	__git_gate_words=""
	if (($# == 0)); then
		[[ $cur == -* ]] && __git_gate_words="-C --help --version" ||
			__git_gate_words=$__git_gate_commands
		return
	fi
	if [[ $cmd == override && $# -eq 1 ]]; then
		[[ $cur == -* ]] && __git_gate_words="--help" || __git_gate_words=$__git_gate_override_actions
		return
	fi
	if [[ $cmd == freeze && $# -eq 1 ]]; then
		[[ $cur == -* ]] && __git_gate_words="--help" || __git_gate_words=$__git_gate_freeze_actions
		return
	fi
	case "$prev" in
	--format) __git_gate_words=$(__git_gate_formats "$cmd" "$action") ;;
	--provider) __git_gate_words="github gitlab generic" ;;
	--syntax) __git_gate_words="github gitlab" ;;
	--color) __git_gate_words="auto always never" ;;
	--rule) __git_gate_words=$__git_gate_rules ;;
	--output)
		# FORMAT=FILE: the format first, then (after `=`) the file.
		if [[ $cur == *=* ]]; then
			__git_gate_mode=files
		else
			__git_gate_words=$(printf '%s= ' $__git_gate_report_formats)
		fi
		;;
	-C) __git_gate_mode=dirs ;;
	--base | --head | --rev | --ref)
		local format='%(refname:short)'
		[[ $prev == --ref ]] && format='%(refname)'
		__git_gate_words="HEAD $(__git_gate_git "$dir" for-each-ref --format="$format")"
		[[ $prev == --ref ]] && __git_gate_words=${__git_gate_words#HEAD }
		;;
	--push | --remote) __git_gate_words=$(__git_gate_git "$dir" remote) ;;
	--reviews | --teams | --event-path | --policy | --codeowners | --paths-from | --key)
		__git_gate_mode=files
		;;
	--at | --days | --component | --reason | --expires | --principal | --since | --for | --until | \
		--approved-by | --author)
		__git_gate_mode=none
		;;
	*)
		if [[ $cur == -* ]]; then
			__git_gate_words=$(__git_gate_options "$cmd" "$action")
			return
		fi
		case "$cmd/$action" in
		override/fetch | pre-push/) __git_gate_words=$(__git_gate_git "$dir" remote) ;;
		override/*) __git_gate_words="HEAD $(__git_gate_git "$dir" for-each-ref \
			--format='%(refname:short)')" ;;
		explain/*) __git_gate_mode=files ;;
		*) __git_gate_mode=none ;;
		esac
		;;
	esac
}

# Fills COMPREPLY from __git_gate_mode for the word $1. With $2 = git, each finished word
# gets its trailing space here, since git's completion is registered with -o nospace.
__git_gate_reply() {
	local cur=$1 word
	COMPREPLY=()
	case "$__git_gate_mode" in
	words)
		local IFS=$' \t\n'
		for word in $__git_gate_words; do
			[[ $word == "$cur"* ]] || continue
			[[ $2 == git && $word != *= ]] && word+=" "
			COMPREPLY+=("$word")
		done
		# FORMAT= is half a word: the file follows without a space.
		[[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
		;;
	dirs)
		compopt -o filenames 2>/dev/null
		local IFS=$'\n'
		COMPREPLY=($(compgen -d -- "$cur"))
		;;
	none) compopt +o default +o bashdefault 2>/dev/null ;;
	esac
	return 0 # files: an empty reply leaves it to bash's file name completion
}

# `git-gate <TAB>`: reads COMP_WORDS and COMP_CWORD.
_git_gate_complete() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=""
	((COMP_CWORD > 1)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	__git_gate_outer_C=()
	__git_gate_candidates "$cur" "$prev" "${COMP_WORDS[@]:1:COMP_CWORD-1}"
	__git_gate_reply "$cur"
}

# `git gate <TAB>`: git's completion calls this with words, cword, cur, prev and
# __git_cmd_idx (the index of `gate`) set.
_git_gate() {
	local first=$((${__git_cmd_idx:-1} + 1))
	__git_gate_outer_C=("${__git_C_args[@]}")
	__git_gate_candidates "$cur" "$prev" "${words[@]:first:cword-first}"
	__git_gate_reply "$cur" git
}

complete -o bashdefault -o default -F _git_gate_complete git-gate
