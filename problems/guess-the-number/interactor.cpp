// The judge of Guess the Number: the secret is the test's input; at most 20 guesses.
// Run as `interactor input answer feedback_dir`; exit 42 accepts, 43 rejects (the ICPC interactive format).
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char **argv) {
  if (argc < 4) return 1;
  std::ifstream input(argv[1]);
  long long secret = 0;
  input >> secret;
  std::ofstream message(std::string(argv[3]) + "judgemessage.txt");
  for (int guess_number = 1; guess_number <= 20; guess_number++) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      message << "the program stopped after " << guess_number - 1 << " guesses without finding " << secret;
      return 43;
    }
    long long guess;
    try {
      size_t used = 0;
      guess = std::stoll(line, &used);
      if (line.find_first_not_of(" \r", used) != std::string::npos) throw std::invalid_argument("trailing");
    } catch (...) {
      message << "guess " << guess_number << " is not a number: \"" << line.substr(0, 40) << "\"";
      return 43;
    }
    if (guess == secret) {
      std::cout << "correct" << std::endl;
      message << "found " << secret << " in " << guess_number << " guesses";
      return 42;
    }
    std::cout << (secret > guess ? "higher" : "lower") << std::endl;
  }
  message << "20 guesses and " << secret << " not found";
  return 43;
}
