#!/bin/bash
# As upstream's kafka-configs.sh: a named main class through kafka-run-class.sh.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.admin.ConfigCommand "$@"
