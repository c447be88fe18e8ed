# SPDX-License-Identifier: GPL-2.0
# bash completion for vtjobctl(8): its commands, their options, the CPUs
# in /sys/devices/system/cpu/online for CPU lists and --cpu, directories
# for --rw and --ro, files for exec's program and make's arguments. The commands and
# options come from the installed vtjobctl's own --help, so that this file
# cannot fall behind it. Needs nothing but bash (not bash-completion).

# The online CPUs, one a word: "0-2,4" becomes "0 1 2 4".
_vtjobctl_online_cpus()
{
	local online range first last
	read -r online </sys/devices/system/cpu/online 2>/dev/null || return
	local IFS=,
	for range in $online; do
		first=${range%-*} last=${range#*-}
		while ((first <= last)); do
			printf '%s\n' "$first"
			first=$((first + 1))
		done
	done
}

# CPU numbers for the last element of a CPU list being typed ("1,2-" too).
_vtjobctl_cpu_list()
{
	local cur=$1 base head=''

	if [[ $cur == *[,-]* ]]; then
		base=${cur%[,-]*}
		head=${cur:0:${#base}+1}
	fi
	mapfile -t COMPREPLY < <(compgen -P "$head" -W "$(_vtjobctl_online_cpus)" -- "${cur:${#head}}")
}

# The long options in the Options: list of COMMAND's --help ("  --cpu N",
# "  -t, --timestamp"); with "values", only those that take one.
_vtjobctl_options()
{
	if [[ $2 == values ]]; then
		"$1" help "$3" 2>/dev/null |
			sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z][a-z-]*\) [A-Z].*/\2/p'
	else
		"$1" help "$3" 2>/dev/null | sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p'
	fi
}

# The command names in vtjobctl's --help.
_vtjobctl_commands()
{
	"$1" --help 2>/dev/null | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'
}

_vtjobctl()
{
	local vtjobctl=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]} command='' word i
	local takes_value positional=0 options_ended=''

	# The command is the first word that is not one of vtjobctl's own options.
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		[[ $word == -* ]] && continue
		command=$word
		break
	done
	if [[ -z $command ]]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "--help --version" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$(_vtjobctl_commands "$vtjobctl")" -- "$cur")
		fi
		return
	fi

	# Count the words after the command that are neither options nor their
	# values; exec's options end at its program, make's at make's first
	# argument, or at "--".
	takes_value=$(_vtjobctl_options "$vtjobctl" values "$command")
	# A short option that takes a value: "-o, --strace-output FILE".
	"$vtjobctl" help "$command" 2>/dev/null | grep -q '^  -o, --[a-z-]* [A-Z]' &&
		takes_value+=$'\n-o'
	for ((i = i + 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		if [[ ($command == exec || $command == make) && $word == -- && -z $options_ended ]]; then
			options_ended=1
		elif [[ $word == -* && -z $options_ended ]]; then
			grep -qxF -e "$word" <<<"$takes_value" && i=$((i + 1))
		else
			positional=$((positional + 1))
			[[ $command == exec || $command == make ]] && options_ended=1
		fi
	done

	if [[ -z $options_ended ]] && grep -qxF -e "$prev" <<<"$takes_value"; then
		case $prev in
		--cpu) _vtjobctl_cpu_list "$cur" ;;
		--rw | --ro)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
		-o | --strace-output | --stats-json | --stats-jsonl)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
		esac
		return
	fi
	if [[ $cur == -* && -z $options_ended ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_vtjobctl_options "$vtjobctl" all "$command")" \
			-- "$cur")
		return
	fi

	case $command in
	reserve)
		((positional == 0)) && _vtjobctl_cpu_list "$cur" ;;
	release)
		if ((positional == 0)); then
			_vtjobctl_cpu_list "$cur"
			[[ all == "$cur"* ]] && COMPREPLY+=(all)
		fi ;;
	exec)
		# The program, then its own arguments: files.
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	make)
		# make's own arguments: targets and files.
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	help)
		((positional == 0)) &&
			mapfile -t COMPREPLY < <(compgen -W "$(_vtjobctl_commands "$vtjobctl")" -- "$cur") ;;
	esac
	return 0
}

complete -F _vtjobctl vtjobctl
