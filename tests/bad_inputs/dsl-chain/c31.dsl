user = person "User"
