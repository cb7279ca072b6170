class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        # Wrong: the map is filled first, so an element can be paired with
        # itself (nums = [3, 2, 4], target = 6 gives [0, 0]).
        pos = {x: i for i, x in enumerate(nums)}
        for i, x in enumerate(nums):
            if target - x in pos:
                return [i, pos[target - x]]
        return []
