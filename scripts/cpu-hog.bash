# Sourced by scripts that run things under load: cpu_hog_start keeps every core busy with a loop of
# its own, cpu_hog_stop ends them (call it from an EXIT trap, so they end however the script ends).
cpu_hogs=()
cpu_hog_start() {
  local i
  for ((i = 0; i < $(nproc); i++)); do
    (while :; do :; done) &
    cpu_hogs+=($!)
  done
}
cpu_hog_stop() {
  [ ${#cpu_hogs[@]} -gt 0 ] || return 0
  kill "${cpu_hogs[@]}" 2>/dev/null
  wait "${cpu_hogs[@]}" 2>/dev/null
  cpu_hogs=()
}
