#include <iostream>
#include <string>

int main() {
  long long lo = 1, hi = 1000000;
  std::string answer;
  while (lo <= hi) {
    long long mid = (lo + hi) / 2;
    std::cout << mid << std::endl;  // endl flushes
    if (!(std::cin >> answer) || answer == "correct") break;
    if (answer == "higher") lo = mid + 1;
    else hi = mid - 1;
  }
}
