// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ControllerBase} from "./ControllerBase.sol";
import {RateLimitKeys} from "./RateLimitKeys.sol";

interface ILitePsmLike {
    function sellGem(address usr, uint256 gemAmt) external returns (uint256);
    function buyGem(address usr, uint256 gemAmt) external returns (uint256);
}

/// @title MainnetController (devnet, v1.10 shapes)
/// @notice Ethereum controller: Aave, ERC-4626 with min/max share bounds, LitePSM USDS<->USDC swaps (amounts
/// in USDC units), LayerZero. Written for the devnet from the published interface; not the upstream source.
contract MainnetController is ControllerBase {
    bytes32 public constant LIMIT_USDS_TO_USDC = RateLimitKeys.LIMIT_USDS_TO_USDC;

    address public immutable psm;
    address public immutable usds;
    address public immutable usdc;

    constructor(address admin, address proxy_, address rateLimits_, address psm_, address usds_, address usdc_)
        ControllerBase(admin, proxy_, rateLimits_)
    {
        psm = psm_;
        usds = usds_;
        usdc = usdc_;
    }

    function _prefix() internal pure override returns (string memory) {
        return "MC/";
    }

    function depositERC4626(address token, uint256 amount, uint256 minSharesOut)
        external
        onlyRole(RELAYER)
        returns (uint256 shares)
    {
        shares = _deposit4626(token, amount);
        _check(shares >= minSharesOut, "min-shares-out-not-met");
    }

    function withdrawERC4626(address token, uint256 amount, uint256 maxSharesIn)
        external
        onlyRole(RELAYER)
        returns (uint256 shares)
    {
        shares = _withdraw4626(token, amount);
        _check(shares <= maxSharesIn, "shares-burned-too-high");
    }

    function redeemERC4626(address token, uint256 shares, uint256 minAssetsOut)
        external
        onlyRole(RELAYER)
        returns (uint256 assets)
    {
        assets = _redeem4626(token, shares);
        _check(assets >= minAssetsOut, "min-assets-out-not-met");
    }

    /// @notice Swaps USDS for `usdcAmount` USDC (1e6 units) 1:1 in the LitePSM.
    function swapUSDSToUSDC(uint256 usdcAmount) external onlyRole(RELAYER) {
        _decrease(LIMIT_USDS_TO_USDC, usdcAmount);
        _approve(usds, psm, usdcAmount * 1e12);
        _call(psm, abi.encodeCall(ILitePsmLike.buyGem, (address(proxy), usdcAmount)));
    }

    /// @notice Swaps `usdcAmount` USDC (1e6 units) for USDS 1:1; refills LIMIT_USDS_TO_USDC.
    function swapUSDCToUSDS(uint256 usdcAmount) external onlyRole(RELAYER) {
        _increase(LIMIT_USDS_TO_USDC, usdcAmount);
        _approve(usdc, psm, usdcAmount);
        _call(psm, abi.encodeCall(ILitePsmLike.sellGem, (address(proxy), usdcAmount)));
    }
}
