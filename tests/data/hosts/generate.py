#!/usr/bin/env python3
"""Writes the hosts-file corpus the engine's tests run over.

Each file is a real-world layout (distribution defaults, other tools' sections) or a
hostile one (damaged blocks, binary junk, odd encodings). Files named damaged-* must be
refused with a line number; every other file must survive apply/clear byte for byte.
Run it again after editing; the output is deterministic.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
B, E = b"#### BEGIN K8S-HOSTS ####", b"#### END K8S-HOSTS ####"
files = {}

debian = b"""127.0.0.1\tlocalhost
127.0.1.1\tdebian-box.example.org\tdebian-box

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
"""
files["debian-default"] = debian
files["ubuntu-default"] = b"""127.0.0.1 localhost
127.0.1.1 ubuntu-laptop

# The following lines are desirable for IPv6 capable hosts
::1     ip6-localhost ip6-loopback
fe00::0 ip6-localnet
ff00::0 ip6-mcastprefix
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
"""
files["macos-default"] = b"""##
# Host Database
#
# localhost is used to configure the loopback interface
# when the system is booting.  Do not change this entry.
##
127.0.0.1\tlocalhost
255.255.255.255\tbroadcasthost
::1             localhost
"""
windows = (b"# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by "
           b"Microsoft TCP/IP for Windows.\r\n#\r\n# localhost name resolution is handled within DNS "
           b"itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n")
files["windows-default-crlf"] = windows
files["windows-no-final-newline"] = windows + b"10.1.2.3 intranet.lan"
files["docker-desktop"] = debian + b"""# Added by Docker Desktop
192.168.1.23 host.docker.internal
192.168.1.23 gateway.docker.internal
# To allow the same kube context to work on the host and the container:
127.0.0.1 kubernetes.docker.internal
# End of section
"""
files["docker-desktop-windows"] = windows + (b"# Added by Docker Desktop\r\n192.168.65.254 host.docker.internal\r\n"
                                             b"192.168.65.254 gateway.docker.internal\r\n"
                                             b"# To allow the same kube context to work on the host and the container:\r\n"
                                             b"127.0.0.1 kubernetes.docker.internal\r\n# End of section\r\n")
files["hostctl-profiles"] = debian + b"""
# profile.on awesome
127.0.0.1 awesome.loc
127.0.0.1 www.awesome.loc
# end

# profile.off dev
10.0.0.8 api.dev.lan
# end
"""
files["kubefwd-txeh"] = debian + b"""127.1.27.1 backend backend.default backend.default.svc.cluster.local
127.1.27.2 redis redis.default redis.default.svc.cluster.local
127.1.27.3 postgres postgres.default
"""
files["switchhosts-append"] = debian + b"""
# --- SWITCHHOSTS_CONTENT_START ---
# My hosts
10.0.0.5 nas.lan
"""
files["go-controller-tyk-marker"] = debian + b"""#### BEGIN TYK-K8S-HOSTS ####
172.18.0.200 chart-dash.local
172.18.0.200 chart-gw.local
#### END TYK-K8S-HOSTS ####
"""
files["own-block-middle"] = debian + B + b"\n172.18.0.200 chart-dash.local  # kind/tyk/Ingress/dash\n" + E + b"\n# after\n10.0.0.9 after.lan\n"
files["own-block-end"] = debian + B + b"\n172.18.0.200 chart-dash.local\n" + E + b"\n"
files["own-block-end-no-newline"] = debian + B + b"\n172.18.0.200 chart-dash.local\n" + E
files["own-block-crlf"] = windows + B + b"\r\n172.18.0.200 chart-dash.local\r\n" + E + b"\r\n"
files["own-block-padded-markers"] = debian + b"   " + B + b"\t\n10.0.0.1 padded.local\n\t" + E + b"  \r\n"
files["own-block-empty"] = debian + B + b"\n" + E + b"\n"
files["own-block-first-line"] = B + b"\n10.0.0.1 first.local\n" + E + b"\n" + debian
files["own-block-only"] = B + b"\n10.0.0.1 only.local\n" + E + b"\n"
files["own-block-with-junk-inside"] = debian + B + b"\nnot an entry\n10.0.0.1 ok.local # c\n\n" + E + b"\n"
files["two-complete-blocks"] = debian + B + b"\n10.0.0.1 a.local\n" + E + b"\n# between\n" + B + b"\n10.0.0.2 b.local\n" + E + b"\n"
files["longer-marker-extra"] = debian + b"#### BEGIN K8S-HOSTS-EXTRA ####\n10.9.9.9 extra.local\n#### END K8S-HOSTS-EXTRA ####\n"
files["marker-in-prose"] = debian + b"# docs: our tool writes a '#### BEGIN K8S-HOSTS ####' line\n# and '" + E + b"' too\n"
files["marker-lowercase"] = debian + b"#### begin k8s-hosts ####\n10.0.0.3 lower.local\n#### end k8s-hosts ####\n"
files["bom-utf8"] = b"\xef\xbb\xbf" + debian
files["bom-utf8-no-newline"] = b"\xef\xbb\xbf127.0.0.1 localhost"
files["mixed-endings"] = b"127.0.0.1 localhost\r\n::1 localhost\n10.0.0.1 a.lan\r\n\n\r\n10.0.0.2 b.lan\n"
files["cr-only-mac-classic"] = b"127.0.0.1 localhost\r::1 localhost\r"
files["tabs-and-spaces"] = b"127.0.0.1\t\t localhost   \t\n  \t# indented comment\n\t10.0.0.7\tspaced.lan\t# trailing\t\n"
files["latin1-comments"] = debian + b"# R\xe9seau de l'\xe9quipe \xbb caf\xe9\n10.0.0.4 cafe.lan\n"
files["invalid-utf8-sequences"] = debian + b"# \xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c\xbc\n"
files["nul-bytes"] = debian + b"# nul\x00inside\x00\n10.0.0.1\x00weird.lan\n"
files["empty"] = b""
files["only-newline"] = b"\n"
files["only-comments"] = b"# nothing here\n# really\n"
files["no-final-newline"] = b"127.0.0.1 localhost\n::1 localhost"
files["kubernetes-pod-managed"] = b"""# Kubernetes-managed hosts file.
127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
fe00::0\tip6-localnet
fe00::0\tip6-mcastprefix
fe00::1\tip6-allnodes
fe00::2\tip6-allrouters
10.244.0.12\tmy-pod
"""
files["wsl-generated"] = b"""# This file was automatically generated by WSL. To stop automatic generation of this file, add the following entry to /etc/wsl.conf:
# [network]
# generateHosts = false
127.0.0.1\tlocalhost
127.0.1.1\tDESKTOP-ABC.localdomain\tDESKTOP-ABC
192.168.1.10\thost.docker.internal
"""
files["cloud-init-template"] = b"""# Your system has configured 'manage_etc_hosts' as True.
# As a result, if you wish for changes to this file to persist
# then you will need to either
# a.) make changes to the master file in /etc/cloud/templates/hosts.debian.tmpl
127.0.1.1 ip-10-0-0-5.ec2.internal ip-10-0-0-5
127.0.0.1 localhost
"""
files["minikube-host"] = debian + b"192.168.49.1\thost.minikube.internal\n192.168.49.2\tcontrol-plane.minikube.internal\n"
files["many-aliases-per-line"] = b"127.0.0.1 " + b" ".join(b"alias%d.lan" % i for i in range(40)) + b"\n"
files["very-long-line"] = b"10.0.0.1 " + b"a" * 5000 + b".lan\n" + debian
files["ipv6-heavy"] = b"::1 localhost\nfd00::1 ula.lan\n2001:db8::1 doc.lan\nfe80::1%lo0 linklocal.lan\n"
random.seed(7)
files["binary-junk"] = bytes(random.randrange(256) for _ in range(4096))
files["binary-junk-with-block"] = bytes(random.randrange(256) for _ in range(2048)).replace(b"#", b"x") + b"\n" + B + b"\n10.0.0.1 j.local\n" + E + b"\n" + bytes(random.randrange(256) for _ in range(2048)).replace(b"#", b"x")
block_list = [b"# Title: StevenBlack/hosts-style block list", b"127.0.0.1 localhost"]
block_list += [b"0.0.0.0 ads%06d.tracker-example.com" % i for i in range(60000)]
files["huge-blocklist"] = b"\n".join(block_list) + b"\n"
files["nixos-style"] = b"127.0.0.1 localhost\n::1 localhost\n127.0.0.2 nixos nixos.lan\n\n# extraHosts\n10.0.0.2 nas.lan\n"
files["alpine-musl"] = b"127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n"
files["cgnat-and-tailscale"] = debian + b"# TailscaleHostsSectionStart\n100.101.102.103 laptop.tail1234.ts.net\n# TailscaleHostsSectionEnd\n"
files["duplicate-hostnames-outside"] = debian + b"10.0.0.1 dup.local\n10.0.0.2 dup.local\n"
files["marker-with-cr-only"] = debian + B + b"\r\n10.0.0.1 cr.local\r\n" + E + b"\r\n"
files["damaged-begin-without-end"] = debian + B + b"\n10.0.0.1 a.local\n10.0.0.99 someone-elses.lan\n"
files["damaged-end-without-begin"] = debian + b"10.0.0.1 a.local\n" + E + b"\n"
files["damaged-nested-begin"] = debian + B + b"\n10.0.0.1 a.local\n" + B + b"\n10.0.0.2 b.local\n" + E + b"\n"
files["damaged-end-before-begin"] = debian + E + b"\n10.0.0.1 a.local\n" + B + b"\n"
files["damaged-begin-at-eof"] = debian + B

for name, content in files.items():
    with open(os.path.join(HERE, name + ".hosts"), "wb") as f:
        f.write(content)
print(len(files), "files")
