import java.io.*;

// Counts up from 1: far more than 20 guesses for most numbers.
public class TooManyGuesses {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (long guess = 1; guess <= 1_000_000; guess++) {
            System.out.println(guess);
            System.out.flush();
            String answer = in.readLine();
            if (answer == null || answer.trim().equals("correct")) break;
        }
    }
}
