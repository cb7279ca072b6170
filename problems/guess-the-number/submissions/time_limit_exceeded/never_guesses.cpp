// Waits for the judge to speak first: the judge waits for a guess, so both wait (a deadlock).
#include <iostream>
#include <string>

int main() {
  std::string answer;
  std::cin >> answer;
  std::cout << answer << std::endl;
}
