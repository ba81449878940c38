// The vending controller line protocol (protocol-spec/vending-controller.md), in progress.
