// Counts up from 1: right only for the smallest numbers, far more than 20 guesses otherwise.
#include <iostream>
#include <string>

int main() {
  std::string answer;
  for (long long guess = 1; guess <= 1000000; guess++) {
    std::cout << guess << std::endl;
    if (!(std::cin >> answer) || answer == "correct") break;
  }
}
