class Solution {
public:
    // Wrong: returns values instead of indices.
    vector<int> twoSum(vector<int>& nums, int target) {
        unordered_map<int, int> seen;
        for (int i = 0; i < (int)nums.size(); i++) {
            if (seen.count(target - nums[i])) return {target - nums[i], nums[i]};
            seen[nums[i]] = i;
        }
        return {};
    }
};
