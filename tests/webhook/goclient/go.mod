module k8s-hosts/tests/webhook/goclient

go 1.19
