#!/bin/sh
# Starts the node's own engine in the foreground. Extra arguments go to dockerd.
set -eu

# A stopped-and-started node keeps its filesystem: stale pid files would make dockerd and containerd refuse to start.
rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid

# vfs: overlayfs cannot stack on the overlayfs that holds this container (and the data volume may be either).
# tcp 0.0.0.0:2375 unauthenticated is for the lab only: the outer engine publishes it on 127.0.0.1 alone.
# Task cgroups go under this container's own cgroup (a relative --cgroup-parent), not beside the host's containers.
exec dockerd \
  --host=unix:///var/run/docker.sock \
  --host=tcp://0.0.0.0:2375 \
  --tls=false \
  --storage-driver=vfs \
  --cgroup-parent=swarm-node \
  "$@"
