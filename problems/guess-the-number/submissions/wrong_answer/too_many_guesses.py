# Counts down from the top: far more than 20 guesses for most numbers.
for guess in range(1_000_000, 0, -1):
    print(guess, flush=True)
    if input().strip() == "correct":
        break
