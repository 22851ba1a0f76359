# SPDX-License-Identifier: GPL-2.0
# bash completion for vswaplat, vswaptop and swapload (make install puts
# it in share/bash-completion/completions/, linked under each name).
# Plain compgen: it works with or without the bash-completion package.

_vswap_ops="alloc free swapout swapin zswap_wb swapoff lock reclaim memcg_reclaim devio"
_vswap_tiers="tp_btf fentry kprobe tracepoint"

# _vswap_list WORDS CUR: complete the last item of a comma-separated CUR
_vswap_list() {
	local head=
	[[ $2 == *,* ]] && head=${2%,*},
	COMPREPLY=($(compgen -P "$head" -W "$1" -- "${2##*,}"))
	compopt -o nospace 2>/dev/null
}

_vswap_complete() {
	local cmd=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD-1]} opts

	case $cmd in
	vswaplat)
		if [[ ${COMP_WORDS[1]} == compare ]]; then
			case $prev in
			--plot) COMPREPLY=($(compgen -f -- "$cur")); return ;;
			--alpha|--threshold|--min-count) return ;;
			esac
			opts="--alpha --threshold --min-count --plot -j --json -h --help"
			if [[ $cur == -* ]]; then
				COMPREPLY=($(compgen -W "$opts" -- "$cur"))
			else
				COMPREPLY=($(compgen -f -X '!*.jsonl' -- "$cur") $(compgen -d -- "$cur"))
			fi
			return
		fi
		case $prev in
		-O|--ops) _vswap_list "$_vswap_ops" "$cur"; return ;;
		-t|--tier) COMPREPLY=($(compgen -W "$_vswap_tiers" -- "$cur")); return ;;
		-c|--cgroup) COMPREPLY=($(compgen -d -- "${cur:-/sys/fs/cgroup/}")); return ;;
		-o|--output|--prom) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		--sample) return ;;
		esac
		opts="-m --msec -u --usec -n --nsec -T --timestamp -c --cgroup -D --per-device
		      -O --ops --canary --sample -t --tier -l --list -s --summary -j --json
		      -v --verbose -o --output --prom -h --help --version"
		[[ $COMP_CWORD -eq 1 && $cur != -* ]] && opts="compare"
		;;
	vswaptop)
		case $prev in
		-s|--sort) COMPREPLY=($(compgen -W "wait count max cluster" -- "$cur")); return ;;
		-t|--tier) COMPREPLY=($(compgen -W "$_vswap_tiers" -- "$cur")); return ;;
		-c|--cgroup) COMPREPLY=($(compgen -d -- "${cur:-/sys/fs/cgroup/}")); return ;;
		-d|--delay|-n|--iterations|--sample) return ;;
		esac
		opts="-d --delay -n --iterations -b --batch -j --json -s --sort -c --cgroup
		      -t --tier --sample -v --verbose -h --help --version"
		;;
	swapload)
		case $prev in
		-p) COMPREPLY=($(compgen -W "seq rand" -- "$cur")); return ;;
		-P) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		-n|-r|-t|-z|-c|-S|--corrupt-page) return ;;
		esac
		opts="-n -p -r -t -w -z -c -P -S -H -N -j -q -h --help --version --corrupt-page"
		;;
	*)
		return
		;;
	esac
	COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

complete -F _vswap_complete vswaplat vswaptop swapload
