print("provisioning")
